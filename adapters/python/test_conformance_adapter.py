"""The Python helper's hooks, each with its defaults: python3 -m unittest discover -s adapters/python"""
import dataclasses
import datetime
import enum
import io
import json
import sys
import unittest

import conformance_adapter as kit


def exchange(*calls, **definition):
    """Runs serve() on a start, the given calls and a stop; returns the answer lines as written."""
    base = dict(name="t", sdk=("s", "1"), client=lambda url, creds: object(), operations={}, errors={})
    base.update(definition)
    lines = [{"version": 1, "seq": 1, "cmd": "start"}]
    for i, (op, request) in enumerate(calls):
        lines.append({"version": 1, "seq": i + 2, "cmd": "call", "id": "x", "operationId": op, "baseUrl": "http://127.0.0.1:9",
                      "credentials": {"serviceId": "42", "accessToken": "t"}, "request": request})
    lines.append({"version": 1, "seq": 99, "cmd": "stop"})
    stdin, stdout, out = sys.stdin, sys.stdout, io.StringIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO("".join(json.dumps(m) + "\n" for m in lines).encode("utf-8")))
    sys.stdout = out
    try:
        kit.serve(**base)
    finally:
        sys.stdin, sys.stdout = stdin, stdout
    return out.getvalue().splitlines()[1:-1]


TOKEN = {"pathParams": {"serviceId": "42"}, "query": {}, "body": {"parameters": "p"}}


def answer(result=None, raises=None, **definition):
    def op(client, request):
        if raises is not None:
            raise raises
        return result
    return json.loads(exchange(("auth_token_api", TOKEN), operations={"auth_token_api": op}, **definition)[0])


class SdkError(Exception):
    pass


class ResponseValidationError(SdkError):
    pass


class ConnectionFailed(Exception):
    pass


class Classify(unittest.TestCase):
    def test_closest_class_wins_whatever_the_order(self):
        for errors in ({"api": SdkError, "decode": ResponseValidationError, "transport": ConnectionFailed},
                       {"decode": ResponseValidationError, "transport": ConnectionFailed, "api": SdkError}):
            self.assertEqual(kit.classify(ResponseValidationError(), errors), "decode")
            self.assertEqual(kit.classify(SdkError(), errors), "api")
            self.assertEqual(kit.classify(ConnectionFailed(), errors), "transport")
            self.assertIsNone(kit.classify(KeyError("x"), errors))

    def test_predicates_lists_and_tuples(self):
        errors = {"api": lambda e: isinstance(e, SdkError) and getattr(e, "status_code", None) is not None,
                  "transport": [ConnectionFailed, lambda e: isinstance(e.__cause__, OSError)], "decode": (ValueError,)}
        api = SdkError()
        api.status_code = 400
        wrapped = SdkError()
        wrapped.__cause__ = OSError("reset")
        self.assertEqual(kit.classify(api, errors), "api")
        self.assertEqual(kit.classify(wrapped, errors), "transport")
        self.assertEqual(kit.classify(ValueError(), errors), "decode")
        self.assertIsNone(kit.classify(SdkError(), errors))

    def test_ambiguity_and_a_raising_matcher_are_the_adapters_failure(self):
        self.assertEqual(answer(raises=SdkError("x"), errors={"api": SdkError, "decode": lambda e: True})["error"],
                         {"kind": "adapter", "message": "SdkError matches the api and decode errors equally: make their classes or predicates tell them apart"})
        got = answer(raises=SdkError("x"), errors={"api": lambda e: e.no_such_attribute})["error"]
        self.assertEqual(got["kind"], "adapter")
        self.assertIn("the api error matcher raised AttributeError", got["message"])

    def test_anything_else_is_unexpected(self):
        self.assertEqual(answer(raises=KeyError("action"), errors={"api": SdkError})["error"], {"kind": "unexpected", "message": "KeyError: 'action'"})


def sdk_error(**attrs):
    e = SdkError("failed")
    for k, v in attrs.items():
        setattr(e, k, v)
    return e


class Obj:
    def __init__(self, **attrs):
        self.__dict__.update(attrs)


class ErrorDetails(unittest.TestCase):
    def test_status_under_each_common_spelling(self):
        for attrs in ({"status": 400}, {"status_code": 400}, {"statusCode": 400}, {"getStatusCode": lambda: 400},
                      {"response": Obj(status=400)}, {"response": Obj(status_code=400)}, {"raw_response": Obj(status=400)},
                      {"response": {"status": 400}}, {"code": 400}, {"status": "400"}):
            with self.subTest(attrs=attrs):
                self.assertEqual(answer(raises=sdk_error(**attrs), errors={"api": SdkError})["error"], {"kind": "api", "message": "failed", "status": 400})

    def test_result_code_from_the_error_or_its_raw_body(self):
        raw = '{"resultCode":"A001201"}'
        for attrs, body in (({"result_code": "A001201"}, None), ({"body": raw}, raw), ({"body": raw.encode()}, raw),
                            ({"response": Obj(text=raw)}, raw), ({"raw_response": Obj(content=raw.encode())}, raw),
                            ({"body": {"resultCode": "A001201"}}, '{"resultCode": "A001201"}')):
            with self.subTest(attrs=attrs):
                want = {"kind": "api", "message": "failed", "status": 400, "resultCode": "A001201"}
                # The raw body is kept as text, so a maintainer sees what Authlete sent.
                self.assertEqual(answer(raises=sdk_error(status_code=400, **attrs), errors={"api": SdkError})["error"],
                                 want if body is None else {**want, "body": body})

    def test_nothing_made_up(self):
        e = sdk_error(status_code=42, body="<html>oops</html>", code="A001")
        self.assertEqual(answer(raises=e, errors={"api": SdkError})["error"],
                         {"kind": "api", "message": "failed", "body": "<html>oops</html>"})

    def test_hooks_replace_the_defaults_and_a_raising_hook_is_the_adapters_failure(self):
        e = sdk_error(meta={"http": 503, "text": '{"resultCode":"A001101"}'})
        hooks = dict(errors={"api": SdkError}, status=lambda e: e.meta["http"], body=lambda e: e.meta["text"])
        self.assertEqual(answer(raises=e, **hooks)["error"], {"kind": "api", "message": "failed", "status": 503,
                                                              "resultCode": "A001101", "body": '{"resultCode":"A001101"}'})
        got = answer(raises=e, **dict(hooks, result_code=lambda e, body: 1 / 0))["error"]
        self.assertEqual(got, {"kind": "adapter", "message": "adapter hook failed: ZeroDivisionError: division by zero"})


class Action(enum.Enum):
    OK = enum.auto()
    BAD_REQUEST = enum.auto()


class Grant(str, enum.Enum):
    password = "PASSWORD"


@dataclasses.dataclass
class Pair:
    key: str
    value: object = None


class PydanticLike:
    def __init__(self, data):
        self._data = data

    def model_dump(self):
        return self._data


class WithToDict:
    def to_dict(self):
        return {"clientId": 9223372036854775807, "alias": None}


class WithToJson:
    def to_json(self):
        return '{"n": 9223372036854775807}'


class PrivateStorage:
    """A hand-written model: private storage, public properties."""
    def __init__(self, subject):
        self._subject = subject

    @property
    def subject(self):
        return self._subject


class Slotted:
    __slots__ = ("action", "ticket")

    def __init__(self):
        self.action = Action.OK


class Models(unittest.TestCase):
    def test_common_model_styles(self):
        self.assertEqual(kit.to_json(Pair("k", Action.OK)), {"key": "k", "value": "OK"})
        self.assertEqual(kit.to_json(PydanticLike({"action": Grant.password, "n": None})), {"action": "PASSWORD"})
        self.assertEqual(kit.to_json(WithToDict()), {"clientId": 9223372036854775807})
        self.assertEqual(kit.to_json(WithToDict(), nulls="keep"), {"clientId": 9223372036854775807, "alias": None})
        self.assertEqual(kit.to_json(WithToJson()), {"n": 9223372036854775807})
        self.assertEqual(kit.to_json(PrivateStorage("s")), {"subject": "s"})
        self.assertEqual(kit.to_json(Slotted()), {"action": "OK"})
        self.assertEqual(kit.to_json(Obj(scopes=("openid",), extra={"k": 1})), {"scopes": ["openid"], "extra": {"k": 1}})

    def test_enums_by_name_unless_their_value_is_the_wire_string(self):
        self.assertEqual(kit.to_json([Action.OK, Action.BAD_REQUEST, Grant.password]), ["OK", "BAD_REQUEST", "PASSWORD"])

    def test_dates_and_uuids_as_wire_strings(self):
        utc = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
        tokyo = datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))
        self.assertEqual(kit.to_json([utc, tokyo, datetime.date(2024, 1, 2)]), ["2024-01-02T03:04:05Z", "2024-01-02T03:04:05+09:00", "2024-01-02"])

    def test_encoders_first(self):
        self.assertEqual(kit.to_json({"at": datetime.date(2024, 1, 2)}, encoders={datetime.date: lambda d: d.toordinal()}), {"at": 738887})

    def test_what_cannot_be_json_is_the_adapters_failure(self):
        self.assertEqual(answer(result={"n": float("nan")})["error"], {"kind": "adapter", "message": "nan at /n is not JSON"})
        got = answer(result={"lock": object()})["error"]
        self.assertEqual(got, {"kind": "adapter", "message": "cannot turn object at /lock into JSON: give encoders={object: ...}"})


class Results(unittest.TestCase):
    def test_void_list_and_model_results(self):
        self.assertEqual(answer(None), {"seq": 2, "result": {}})
        self.assertEqual(answer([Pair("a"), Pair("b", 1)]), {"seq": 2, "result": {"decoded": [{"key": "a"}, {"key": "b", "value": 1}]}})

    def test_raw_json_text_goes_in_as_written(self):
        line = exchange(("auth_token_api", TOKEN), operations={"auth_token_api": lambda c, r: kit.json_text('{"n": 9223372036854775807,\n "f": 1.0, "s": "ü😀"}')})[0]
        self.assertEqual(line, '{"result": {"decoded": {"n": 9223372036854775807,  "f": 1.0, "s": "\\u00fc\\ud83d\\ude00"}}, "seq": 2}')
        self.assertEqual(json.loads(line)["result"]["decoded"]["s"], "ü😀")

    def test_raw_text_that_is_not_json_is_the_string_the_sdk_handed_over(self):
        self.assertEqual(answer(kit.json_text("<html>"))["result"], {"decoded": "<html>"})
        self.assertEqual(answer(kit.json_text("NaN"))["result"], {"decoded": "NaN"})


class Calls(unittest.TestCase):
    request = {"pathParams": {"serviceId": "42", "clientId": "1001"}, "query": {}, "body": {"clientName": "x"}}

    def test_args_and_kwargs(self):
        self.assertEqual(kit.args(self.request), ["1001", {"clientName": "x"}])
        self.assertEqual(kit.kwargs(self.request), {"client_name": "x"})

    def test_a_method_name_is_called_with_positional_arguments(self):
        class Clients:
            def update(self, client_id, body):
                return {"client_id": client_id, "name": body["clientName"]}

        class Api:
            clients = Clients()

            def delete_client(self, client_id):
                self.deleted = client_id

        api = Api()
        lines = exchange(("client_update_api", self.request), ("client_delete_api", {"pathParams": {"serviceId": "42", "clientId": "7"}, "query": {}}),
                         ("client_get_api", self.request), client=lambda url, creds: api,
                         operations={"client_update_api": "clients.update", "client_delete_api": "delete_client", "client_get_api": "get_client"})
        self.assertEqual([json.loads(line) for line in lines], [
            {"seq": 2, "result": {"decoded": {"client_id": "1001", "name": "x"}}},
            {"seq": 3, "result": {}},
            {"seq": 4, "error": {"kind": "adapter", "message": "the client has no method get_client"}},
        ])
        self.assertEqual(api.deleted, "7")

    def test_unsupported_and_handshake(self):
        lines = exchange(("auth_revocation_api", TOKEN), unsupported=["hsk_create_api"], traits={"keys": "camelCase"})
        self.assertEqual(json.loads(lines[0])["unsupported"], {"message": "auth_revocation_api is not implemented by s"})


if __name__ == "__main__":
    unittest.main()
