import { describe, expect, it } from "vitest";
import { answerProblem, commandProblem, outcomeOf } from "./protocol.ts";
import { rawMember } from "./raw-json.ts";

const call = {
  version: 1,
  seq: 2,
  cmd: "call",
  id: "auth_token_api~coverage~3",
  operationId: "auth_token_api",
  baseUrl: "http://127.0.0.1:40113",
  credentials: { serviceId: "7155020", accessToken: "x" },
  request: {
    pathParams: { serviceId: "7155020" },
    query: {},
    body: { parameters: "grant_type=password", n: 9223372036854775807n },
  },
};
const start = {
  seq: 1,
  ok: true,
  name: "a",
  version: "1",
  language: "python",
  sdk: { name: "s", version: "2" },
  traits: { nulls: "absent", keys: "snake_case" },
};

describe("protocol v1: messages from the kit (v1.json)", () => {
  it.each([
    ["start", { version: 1, seq: 1, cmd: "start" }],
    ["call", call],
    ["call without body", { ...call, request: { pathParams: {}, query: { start: "0" } } }],
    ["stop", { version: 1, seq: 9, cmd: "stop" }],
  ])("accepts %s", (_name, msg) => expect(commandProblem(msg)).toBeUndefined());

  it.each([
    ["another version", { version: 2, seq: 1, cmd: "start" }, /\/version must be equal to constant 1/],
    ["no seq", { version: 1, cmd: "start" }, /must have required property 'seq'/],
    ["an unknown command", { version: 1, seq: 1, cmd: "dance" }, /\/cmd must be equal to one of the allowed values/],
    ["a call without credentials", { ...call, credentials: undefined }, /must have required property 'credentials'/],
    [
      "a call with a number as query value",
      { ...call, request: { pathParams: {}, query: { n: 1 } } },
      /\/request\/query\/n must be string/,
    ],
    ["extra fields", { version: 1, seq: 1, cmd: "stop", now: true }, /must NOT have additional properties \(now\)/],
  ])("rejects %s", (_name, msg, why) => expect(commandProblem(msg)).toMatch(why));
});

describe("protocol v1: answers from the adapter ($defs.response)", () => {
  it.each([
    ["start", start],
    ["start with unsupported operations", { ...start, unsupported: ["hsk_create_api"] }],
    [
      "start with unsupported parameters",
      { ...start, unsupportedParameters: { "*": ["/query/*"], auth_token_api: ["/body/dpop", "/body/*/hidden"] } },
    ],
  ])("accepts %s", (_name, a) => expect(answerProblem("start", a)).toBeUndefined());

  it.each([
    ["a decoded object with bigint inside", { seq: 2, result: { decoded: { at: 2n ** 63n - 1n, x: null } } }],
    ["a decoded scalar (text/plain operations)", { seq: 2, result: { decoded: "OK" } }],
    ["a void result (the SDK's method returned nothing)", { seq: 2, result: {} }],
    ["the adapter's own failure", { seq: 2, error: { kind: "adapter", message: "cannot turn Money into JSON" } }],
    ["an api error", { seq: 2, error: { kind: "api", message: "400", status: 400, resultCode: "A001201" } }],
    ["an unexpected error", { seq: 2, error: { kind: "unexpected", message: "TypeError: x is undefined" } }],
    ["unsupported", { seq: 2, unsupported: { message: "no such method" } }],
  ])("accepts a call answer with %s", (_name, a) => expect(answerProblem("call", a)).toBeUndefined());

  it.each([
    [
      "start",
      { ...start, traits: { nulls: "maybe", keys: "camelCase" } },
      /\/traits\/nulls must be equal to one of the allowed values \["keep","absent"\]/,
    ],
    ["start", { ...start, ok: false }, /\/ok must be equal to constant/],
    [
      "start",
      { ...start, unsupportedParameters: { auth_token_api: ["dpop"] } },
      /\/unsupportedParameters\/auth_token_api\/0 must match pattern/,
    ],
    ["start", { seq: 1, ok: true, name: "a" }, /must have required property 'version'/],
    ["call", { seq: 2 }, /exactly one of "result", "error", "unsupported" \(found none\)/],
    ["call", { seq: 2, result: { decoded: {} }, error: { kind: "api", message: "" } }, /found result, error/],
    ["call", { seq: 2, result: { value: 1 } }, /\/result must NOT have additional properties \(value\)/],
    ["call", { seq: 2, error: { kind: "api", message: "x", status: "400" } }, /\/error\/status must be integer/],
    [
      "call",
      { seq: 2, error: { kind: "crash", message: "x" } },
      /\/error\/kind must be equal to one of the allowed values/,
    ],
    ["call", { result: { decoded: {} } }, /must have required property 'seq'/],
    ["stop", { seq: 9 }, /must have required property 'ok'/],
  ])("rejects a %s answer %j", (cmd, a, why) => expect(answerProblem(cmd as "start", a)).toMatch(why));
});

describe("outcomes", () => {
  it("maps each answer to its SdkOutcome", () => {
    expect(outcomeOf({ result: { decoded: {} } }, '{ "a" : 1.0 }')).toEqual({
      kind: "decoded",
      value: '{ "a" : 1.0 }',
    });
    expect(outcomeOf({ error: { kind: "api", message: "m", status: 401, resultCode: "A001202" } }, "")).toEqual({
      kind: "error",
      errorKind: "api",
      message: "m",
      status: 401,
      resultCode: "A001202",
    });
    expect(outcomeOf({ error: { kind: "decode", message: "m" } }, "")).toEqual({
      kind: "error",
      errorKind: "decode",
      message: "m",
    });
    expect(outcomeOf({ unsupported: {} }, "")).toEqual({ kind: "unsupported" });
    expect(outcomeOf({ error: { kind: "adapter", message: "hook threw" } }, "")).toEqual({
      kind: "adapter-failure",
      reason: "failed",
      message: "hook threw",
    });
  });

  it("finds the decoded text exactly as written, last duplicate winning", () => {
    const line = '{"seq":3,"result":{"x":"}","decoded" : {"a":[1,{"b":"\\"}"}],"n":9223372036854775807, "f":1.0}}}';
    expect(rawMember(line, ["result", "decoded"])).toBe('{"a":[1,{"b":"\\"}"}],"n":9223372036854775807, "f":1.0}');
    expect(rawMember('{"result":{"decoded":1},"result":{"decoded":-2.5e3}}', ["result", "decoded"])).toBe("-2.5e3");
    expect(rawMember('{"result":{"decoded":null}}', ["result", "decoded"])).toBe("null");
    expect(rawMember('{"error":{}}', ["result", "decoded"])).toBeUndefined();
  });
});
