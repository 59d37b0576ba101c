"""Adapter helper for Python SDKs: the conformance kit's stdio protocol (docs/adapter-protocol.md).

Standard library only. The maintainer says how to build the SDK's client, how to call each
operation and which exceptions are the SDK's own; this module does the rest: the JSON-lines loop,
exact integers both ways, turning the SDK's objects back into JSON, and sorting exceptions.

    from conformance_adapter import serve
    serve(name="my-sdk", sdk=("authlete-python", "4.0.0"),
          client=lambda base_url, creds: Client(base_url, creds["accessToken"]),
          operations={"auth_token_api": lambda c, req: c.token(req["body"]),
                      "client_delete_api": "delete_client"},        # called with args(req)
          errors={"api": ApiError, "decode": DecodeError, "transport": TransportError})

Hooks, each with defaults for the common SDK styles (docs/adapters.md): `errors` (classes or
predicates per kind; the closest match wins), `status` / `result_code` / `body` / `cause` (read from
the error), `encoders` (types to JSON). With `timeout=True` the client factory also gets the
timeout the kit asks for, in seconds. A method returning None is a void result; `json_text(s)`
marks a string as raw JSON. A failure inside the helper is reported as the adapter's
(`adapter-failure`), never as the SDK's error.
"""
import dataclasses
import datetime
import decimal
import enum
import io
import json
import re
import sys
import uuid

PROTOCOL_VERSION = 1
KINDS = ("api", "decode", "transport")

# Where SDKs keep an error's HTTP status, raw body and Authlete resultCode, most direct first.
# A step ending in "()" calls a method without arguments; dict keys work like attributes.
STATUS_PATHS = ("status", "status_code", "statusCode", "http_status", "get_status_code()", "getStatusCode()", "get_status()",
                "response.status", "response.status_code", "response.statusCode", "raw_response.status",
                "raw_response.status_code", "http_response.status", "http_resp.status", "code", "response.code")
BODY_PATHS = ("body", "response_body", "responseBody", "raw_body", "get_response_body()", "getResponseBody()",
              "response.text", "response.body", "response.content", "raw_response.text", "raw_response.body",
              "raw_response.content", "http_resp.data", "data")
RESULT_CODE_PATHS = ("result_code", "resultCode", "get_result_code()", "getResultCode()")


class AdapterError(Exception):
    """The adapter itself failed (a hook threw, a result is not JSON): never the SDK's error."""


class JsonText(str):
    """A string the SDK handed over as raw JSON text."""


def json_text(text):
    """Marks a result as raw JSON text: decoded is the JSON it holds (or the string when it is not JSON)."""
    return JsonText(text)


def args(request):
    """Positional arguments of a call: path parameters in path order (without serviceId, a client
    setting in most SDKs), then the body when there is one."""
    out = [v for k, v in request.get("pathParams", {}).items() if k != "serviceId"]
    return out + ([request["body"]] if "body" in request else [])


def kwargs(request):
    """The body's members as snake_case keyword arguments, for methods like token(parameters=..., client_id=...)."""
    return {_snake(k): v for k, v in (request.get("body") or {}).items()}


def _snake(name):
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def dig(value, path):
    """Follows a dotted path of attributes, dict keys and no-argument methods; None when any step fails."""
    for step in path.split("."):
        if value is None:
            return None
        name = step[:-2] if step.endswith("()") else step
        try:
            value = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
            if step.endswith("()"):
                value = value() if callable(value) else None
        except Exception:  # a property that raises is just not where the value is
            return None
    return value


def _status(v):
    if isinstance(v, str) and re.fullmatch(r"\d{3}", v):
        v = int(v)
    return v if isinstance(v, int) and not isinstance(v, bool) and 100 <= v <= 599 else None


def default_status(e):
    """The HTTP status the error carries, under any of the common spellings."""
    for p in STATUS_PATHS:
        s = _status(dig(e, p))
        if s is not None:
            return s
    return None


def default_body(e):
    """The error's raw body: text (bytes decoded as UTF-8) or already-parsed JSON."""
    for p in BODY_PATHS:
        b = dig(e, p)
        if isinstance(b, (bytes, bytearray)):
            return bytes(b).decode("utf-8", "replace")
        if isinstance(b, (str, dict, list)):
            return b
    return None


def default_result_code(e, body):
    """The resultCode the error carries itself, else the one in its raw body."""
    for p in RESULT_CODE_PATHS:
        code = dig(e, p)
        if isinstance(code, str):
            return code
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return None  # an HTML error page, say: no resultCode to report
    code = body.get("resultCode") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None


def classify(e, errors):
    """The kind whose matcher fits e most closely: a predicate that holds (0), or the nearest class
    in e's ancestry. A decode error subclassing the SDK's base error (listed as api) is decode,
    whatever the order. Two kinds fitting equally well is the adapter's mistake."""
    best = []
    for kind, matcher in errors.items():
        if kind not in KINDS:
            raise AdapterError("unknown error kind %r (expected api, decode or transport)" % kind)
        matchers = matcher if isinstance(matcher, (list, tuple)) else [matcher]
        found = []
        for m in matchers:
            try:
                if isinstance(m, type):
                    if isinstance(e, m):
                        mro = type(e).__mro__
                        found.append(mro.index(m) if m in mro else len(mro))
                elif m(e):
                    found.append(0)
            except Exception as err:
                raise AdapterError("the %s error matcher raised %s: %s" % (kind, type(err).__name__, err))
        if found:
            d = min(found)
            if not best or d < best[0][1]:
                best = [(kind, d)]
            elif d == best[0][1]:
                best.append((kind, d))
    if len(best) > 1:
        raise AdapterError("%s matches the %s errors equally: make their classes or predicates tell them apart"
                           % (type(e).__name__, " and ".join(k for k, _ in best)))
    return best[0][0] if best else None


def _enum(value):
    # Written as on the wire: a string value as it is; otherwise (auto(), ints) the member's name.
    return value.value if isinstance(value.value, str) else value.name


def _iso(value):
    text = value.isoformat()
    return text[:-6] + "Z" if isinstance(value, datetime.datetime) and text.endswith("+00:00") else text


def _public_fields(value):
    """Fields of a plain object: public attributes, slots, then properties its classes declare."""
    out = {}
    if hasattr(value, "__dict__"):
        out.update((k, v) for k, v in vars(value).items() if not k.startswith("_"))
    for cls in type(value).__mro__:
        for k in getattr(cls, "__slots__", ()):
            if not k.startswith("_") and k not in out and hasattr(value, k):
                out[k] = getattr(value, k)
        for k, v in vars(cls).items():
            if isinstance(v, property) and not k.startswith("_") and k not in out:
                out[k] = getattr(value, k)
    return out


def to_json(value, nulls="absent", encoders=None, path=""):
    """An SDK object as JSON data, in the common Python model styles: dataclasses, pydantic
    (model_dump), objects with to_dict() or to_json(), plain objects (attributes, slots,
    properties); enums by string value or else by name; dates as ISO 8601; `encoders` first.
    With nulls="absent" (None for both null and absent) None-valued keys are left out."""
    for cls, encode in (encoders or {}).items():
        if isinstance(value, cls):
            try:
                encoded = encode(value)
            except Exception as e:
                raise AdapterError("the encoder for %s raised %s: %s at %s" % (cls.__name__, type(e).__name__, e, path or "/"))
            return to_json(encoded, nulls, None, path)
    if value is None or isinstance(value, (bool, int)) and not isinstance(value, enum.Enum):
        return value
    if isinstance(value, JsonText):
        return _parsed_text(value)
    if isinstance(value, str) and not isinstance(value, enum.Enum):
        return str(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise AdapterError("%r at %s is not JSON" % (value, path or "/"))
        return value
    if isinstance(value, enum.Enum):
        return _enum(value)
    if isinstance(value, dict):
        return {(_enum(k) if isinstance(k, enum.Enum) else str(k)): to_json(v, nulls, encoders, "%s/%s" % (path, k))
                for k, v in value.items() if not (v is None and nulls == "absent")}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_json(v, nulls, encoders, "%s/%d" % (path, i)) for i, v in enumerate(value)]
    if isinstance(value, (datetime.date, datetime.time)):
        return _iso(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    for method in ("to_dict", "model_dump", "to_json"):  # the SDK's own serialisers first
        fn = getattr(value, method, None)
        if callable(fn) and not isinstance(value, type):
            data = fn()
            return to_json(JsonText(data) if isinstance(data, str) else data, nulls, encoders, path)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_json({f.name: getattr(value, f.name) for f in dataclasses.fields(value)}, nulls, encoders, path)
    fields = _public_fields(value)
    if fields or getattr(value, "__dict__", None) == {}:  # an empty plain object is an empty model
        return to_json(fields, nulls, encoders, path)
    raise AdapterError("cannot turn %s at %s into JSON: give encoders={%s: ...}" % (type(value).__name__, path or "/", type(value).__name__))


def _parsed_text(text):
    """Raw JSON text as data (ints exact); text that is not JSON is what the SDK handed over: the string."""
    try:
        return json.loads(text, parse_constant=_not_json)
    except ValueError:
        return str(text)


def _not_json(name):
    raise ValueError("%s is not JSON" % name)


def _by_name(name):
    def call(client, request):
        owner = client
        for step in name.split(".")[:-1]:
            owner = getattr(owner, step, None)
        method = getattr(owner, name.split(".")[-1], None)
        if not callable(method):
            raise AdapterError("the client has no method %s" % name)
        return method(*args(request))
    return call


def _body_text(raw):
    """A raw body as the protocol's text: text as it is, parsed JSON written back."""
    if raw is None:
        return None
    if isinstance(raw, str):
        return raw
    try:
        return json.dumps(raw, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(raw)


def serve(name, sdk, client, operations, errors, traits=None, version="1.0.0", language="python", call=None,
          unsupported=None, status=None, body=None, result_code=None, encoders=None, timeout=False, cause=None,
          unsupported_parameters=None):
    """Run the adapter loop on stdin/stdout until `stop` (or end of input).

    name, sdk       the adapter's name; (sdk name, sdk version)
    client          (base_url, credentials) -> the SDK's client; with timeout=True,
                    (base_url, credentials, timeout) with the timeout in seconds (a float) to configure it with
    timeout         True when `client` configures the SDK with the timeout it is given; otherwise the kit
                    is told the SDK takes none (the delay and hang cases are not served; a warning says so)
    operations      {operationId: (client, request) -> result, or a method name called with args(request)};
                    every other operation is answered "unsupported" unless `call` handles it
    unsupported     operation ids to declare unsupported up front (optional; saves one call each)
    unsupported_parameters  {operationId or "*": [request pointers]} the SDK cannot take, e.g.
                    {"auth_token_api": ["/body/*"]}: the kit never asks them (optional)
    call            optional (client, operationId, request) -> result, for SDKs with a generic call
    errors          {"api" | "decode" | "transport": class, predicate, or a list/tuple of them}
    status, body    optional (error) -> the HTTP status / raw body it carries (defaults: STATUS_PATHS, BODY_PATHS)
    result_code     optional (error, body) -> its resultCode (default: RESULT_CODE_PATHS, else the body's)
    cause           optional (error) -> the underlying error it keeps (default: __cause__)
    encoders        optional {type: value -> JSON data} for types the defaults cannot write
    traits          {"nulls": "absent" | "keep", "keys": "snake_case" | "camelCase"}
    """
    traits = dict({"nulls": "absent", "keys": "snake_case"}, **(traits or {}))
    ops = {op: _by_name(fn) if isinstance(fn, str) else fn for op, fn in operations.items()}

    def error_answer(e):
        kind = classify(e, errors)
        if kind is None:
            return {"error": {"kind": "unexpected", "message": "%s: %s" % (type(e).__name__, e)}}
        raw = body(e) if body else default_body(e)
        err = {"kind": kind, "message": str(e)}
        got = _status(status(e)) if status else default_status(e)
        if got is not None:
            err["status"] = got
        code = result_code(e, raw) if result_code else default_result_code(e, raw)
        if isinstance(code, str):
            err["resultCode"] = code
        text = _body_text(raw)
        if text is not None:
            err["body"] = text
        underlying = cause(e) if cause else e.__cause__
        if underlying is not None:
            err["cause"] = "%s: %s" % (type(underlying).__name__, underlying) if isinstance(underlying, BaseException) else str(underlying)
        return {"error": err}

    seconds = [None]  # the timeout the kit asked for, from start

    def handle(msg):
        cmd = msg.get("cmd")
        if cmd == "start":
            seconds[0] = msg["timeoutMs"] / 1000.0 if isinstance(msg.get("timeoutMs"), int) else None
            hello = {"ok": True, "name": name, "version": version, "language": language, "sdk": {"name": sdk[0], "version": sdk[1]}, "traits": traits,
                     "timeout": "configured" if timeout and seconds[0] is not None else "unsupported"}
            if unsupported:
                hello["unsupported"] = list(unsupported)
            if unsupported_parameters:
                hello["unsupportedParameters"] = {op: list(ps) for op, ps in unsupported_parameters.items()}
            return hello
        if cmd == "stop":
            return {"ok": True}
        if cmd != "call":
            return {"error": {"kind": "adapter", "message": "unknown command %r" % cmd}}
        op = msg["operationId"]
        if op not in ops and call is None:
            return {"unsupported": {"message": "%s is not implemented by %s" % (op, sdk[0])}}
        try:
            try:
                c = client(msg["baseUrl"], msg["credentials"], seconds[0]) if timeout else client(msg["baseUrl"], msg["credentials"])
                req = msg["request"]
                result = ops[op](c, req) if op in ops else call(c, op, req)
            except AdapterError:
                raise
            except Exception as e:  # the SDK raised: its own error kinds, or unexpected
                return error_answer(e)
            if result is None:
                return {"result": {}}  # a method that returned nothing (void)
            if isinstance(result, JsonText):
                return {"result": {"decoded": result}}  # written as raw text by _line
            return {"result": {"decoded": to_json(result, traits["nulls"], encoders)}}
        except Exception as e:  # the helper or a hook failed: the adapter's problem, never the SDK's
            message = str(e) if isinstance(e, AdapterError) else "adapter hook failed: %s: %s" % (type(e).__name__, e)
            return {"error": {"kind": "adapter", "message": message}}

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
        real_stdout.write(_line(answer) + "\n")
        real_stdout.flush()
        if msg.get("cmd") == "stop":
            return


_MARK = "\x00conformance-json-text\x00"


def _line(answer):
    """One protocol line; a JsonText result goes in as written (exact digits), on one ASCII line."""
    decoded = answer.get("result", {}).get("decoded")
    if not isinstance(decoded, JsonText):
        return json.dumps(answer, ensure_ascii=True)
    try:
        json.loads(decoded, parse_constant=_not_json)
    except ValueError:
        answer["result"]["decoded"] = str(decoded)  # not JSON: the SDK handed over this string
        return json.dumps(answer, ensure_ascii=True)
    # Valid JSON has line breaks only between tokens and non-ASCII only inside strings.
    raw = "".join(c if ord(c) < 128 else json.dumps(c)[1:-1] for c in decoded.replace("\r", " ").replace("\n", " "))
    answer["result"]["decoded"] = _MARK
    return json.dumps(answer, ensure_ascii=True).replace(json.dumps(_MARK), raw)
