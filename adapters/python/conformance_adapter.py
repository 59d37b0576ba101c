"""Adapter helper for Python SDKs: the conformance kit's stdio protocol (docs/adapter-protocol.md).

Standard library only. The maintainer says how to build the SDK's client and how to call each
operation; this module does the rest: the JSON-lines loop, exact integers both ways (Python ints
have no size limit), turning the SDK's objects back into JSON, and sorting exceptions into the
SDK's own error kinds versus "unexpected".

    from conformance_adapter import serve
    serve(name="my-sdk", sdk=("authlete-python", "4.0.0"),
          client=lambda base_url, creds: Client(base_url, creds["accessToken"]),
          operations={"auth_token_api": lambda c, req: c.token(req["body"])},
          errors={"api": ApiError, "decode": DecodeError, "transport": TransportError})
"""
import dataclasses
import enum
import io
import json
import sys

PROTOCOL_VERSION = 1


def to_json(value, nulls="absent"):
    """An SDK object as JSON data: dataclasses, objects with to_dict()/__dict__, enums by value.

    With nulls="absent" (the SDK uses None for both null and absent) None-valued keys are left out,
    which is how such an SDK hands them to its caller; with "keep" they stay null.
    """
    if isinstance(value, enum.Enum):
        return to_json(value.value, nulls)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): to_json(v, nulls) for k, v in value.items() if not (v is None and nulls == "absent")}
    if isinstance(value, (list, tuple)):
        return [to_json(v, nulls) for v in value]
    if dataclasses.is_dataclass(value):
        return to_json({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, nulls)
    if hasattr(value, "to_dict"):
        return to_json(value.to_dict(), nulls)
    if hasattr(value, "__dict__"):
        return to_json({k: v for k, v in vars(value).items() if not k.startswith("_")}, nulls)
    raise TypeError("cannot turn %s into JSON" % type(value).__name__)


def _api_error(e):
    err = {"kind": "api", "message": str(e)}
    status = getattr(e, "status", None) or getattr(e, "status_code", None)
    if isinstance(status, int):
        err["status"] = status
    code = getattr(e, "result_code", None)
    if isinstance(code, str):
        err["resultCode"] = code
    return err


def serve(name, sdk, client, operations, errors, traits=None, version="1.0.0", language="python", call=None, unsupported=None):
    """Run the adapter loop on stdin/stdout until `stop` (or end of input).

    name, sdk       the adapter's name; (sdk name, sdk version)
    client          (base_url, credentials) -> the SDK's client
    operations      {operationId: (client, request) -> decoded object}; every other operation is
                    answered "unsupported" (reported, not failed) unless `call` handles it
    unsupported     operation ids to declare unsupported up front (optional; saves one call each)
    call            optional (client, operationId, request) -> decoded, for SDKs with a generic call
    errors          {"api" | "decode" | "transport": exception class or tuple of them}
    traits          {"nulls": "absent" | "keep", "keys": "snake_case" | "camelCase"}
    """
    traits = traits or {"nulls": "absent", "keys": "snake_case"}

    def handle(msg):
        cmd = msg.get("cmd")
        if cmd == "start":
            hello = {"ok": True, "name": name, "version": version, "language": language, "sdk": {"name": sdk[0], "version": sdk[1]}, "traits": traits}
            if unsupported:
                hello["unsupported"] = list(unsupported)
            return hello
        if cmd == "stop":
            return {"ok": True}
        if cmd != "call":
            return {"error": {"kind": "unexpected", "message": "unknown command %r" % cmd}}
        op = msg["operationId"]
        if op not in operations and call is None:
            return {"unsupported": {"message": "%s is not implemented by %s" % (op, sdk[0])}}
        try:
            c = client(msg["baseUrl"], msg["credentials"])
            req = msg["request"]
            decoded = operations[op](c, req) if op in operations else call(c, op, req)
            return {"result": {"decoded": to_json(decoded, traits["nulls"])}}
        except Exception as e:  # sorted below: the SDK's own errors, then anything else
            for kind in ("api", "decode", "transport"):
                if kind in errors and isinstance(e, errors[kind]):
                    return {"error": _api_error(e) if kind == "api" else {"kind": kind, "message": str(e)}}
            return {"error": {"kind": "unexpected", "message": "%s: %s" % (type(e).__name__, e)}}

    # Protocol lines are UTF-8 whatever the locale; ASCII escapes keep every string exact on output.
    stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8")
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # stray print() in the SDK must not corrupt the protocol
    for line in stdin:
        if not line.strip():
            continue
        msg = json.loads(line)
        answer = handle(msg)
        answer["seq"] = msg.get("seq")
        real_stdout.write(json.dumps(answer, ensure_ascii=True) + "\n")
        real_stdout.flush()
        if msg.get("cmd") == "stop":
            return
