/** The TypeScript helper's hooks, each with its defaults, driven through the kit's in-process loader. */
import { describe, expect, it } from "vitest";
import { inProcessAdapter } from "../../src/targets/inprocess-adapter.ts";
import { args, defineAdapter, jsonText, type AdapterDefinition } from "./index.ts";
import { classify } from "./errors.ts";

const call = (
  operationId = "auth_token_api",
  request: object = { pathParams: { serviceId: "42" }, query: {}, body: { parameters: "p" } },
) => ({
  id: `${operationId}~t~0`,
  operationId,
  baseUrl: "http://127.0.0.1:9",
  credentials: { serviceId: "42", accessToken: "t" },
  request: request as never,
});

/** One call through the kit's own in-process path, so what is checked is what a run would see. */
async function outcome(def: Partial<AdapterDefinition<unknown>>, operationId = "auth_token_api", request?: object) {
  const adapter = inProcessAdapter(
    defineAdapter({ name: "t", sdk: ["s", "1"], client: () => ({}), operations: {}, errors: {}, ...def }),
  );
  await adapter.start();
  try {
    return await adapter.call(call(operationId, request), 2000);
  } finally {
    await adapter.stop();
  }
}
const throwing = (e: unknown, def: Partial<AdapterDefinition<unknown>> = {}) =>
  outcome({
    operations: {
      auth_token_api: () => {
        throw e;
      },
    },
    ...def,
  });

// An SDK whose decode error subclasses its base error (as generated SDKs do), listed as api.
class SdkError extends Error {}
class ResponseValidationError extends SdkError {}
class ConnectionError extends Error {}

describe("errors are classified by the closest match, not by the order the kinds are listed in", () => {
  it.each([
    ["api first", { api: SdkError, decode: ResponseValidationError, transport: ConnectionError }],
    ["decode first", { decode: ResponseValidationError, transport: ConnectionError, api: SdkError }],
  ])("a subclass of the base error is its own kind (%s)", (_order, errors) => {
    expect(classify(new ResponseValidationError("bad"), errors)).toBe("decode");
    expect(classify(new SdkError("400"), errors)).toBe("api");
    expect(classify(new ConnectionError("reset"), errors)).toBe("transport");
    expect(classify(new TypeError("x is undefined"), errors)).toBeUndefined();
  });

  it("takes predicates and lists, for SDKs with one exception class for everything", () => {
    const errors = {
      api: (e: unknown) => e instanceof SdkError && "status" in e,
      transport: [ConnectionError, (e: unknown) => e instanceof SdkError && e.message === "offline"],
    };
    expect(classify(Object.assign(new SdkError("x"), { status: 400 }), errors)).toBe("api");
    expect(classify(new SdkError("offline"), errors)).toBe("transport");
    expect(classify(new SdkError("other"), errors)).toBeUndefined();
  });

  it("reports two kinds matching equally, and a matcher that throws, as the adapter's failure", async () => {
    expect(await throwing(new SdkError("x"), { errors: { api: SdkError, decode: () => true } })).toMatchObject({
      kind: "adapter-failure",
      reason: "failed",
      message: expect.stringMatching(/matches the api and decode errors equally/),
    });
    expect(
      await throwing(new SdkError("x"), { errors: { api: (e) => (e as { no: { such: 1 } }).no.such === 1 } }),
    ).toMatchObject({
      kind: "adapter-failure",
      reason: "failed",
      message: expect.stringMatching(/the api error matcher threw/),
    });
  });

  it("reports what is not the SDK's own as unexpected", async () => {
    expect(await throwing(new TypeError("Cannot read properties of null"), { errors: { api: SdkError } })).toEqual({
      kind: "error",
      errorKind: "unexpected",
      message: "TypeError: Cannot read properties of null",
    });
  });
});

describe("status, resultCode and body are read under the names real SDKs use", () => {
  const err = (props: object) => Object.assign(new SdkError("failed"), props);
  it.each([
    ["status", { status: 400 }],
    ["statusCode", { statusCode: 400 }],
    ["status_code", { status_code: 400 }],
    ["getStatusCode()", { getStatusCode: () => 400 }],
    ["response.status", { response: { status: 400 } }],
    ["response.status_code", { response: { status_code: 400 } }],
    ["rawResponse.status", { rawResponse: { status: 400 } }],
    ["raw_response.status", { raw_response: { status: 400 } }],
    ["httpMeta.response.status", { httpMeta: { response: { status: 400 } } }],
    ["a numeric string", { status: "400" }],
  ])("status from %s", async (_where, props) => {
    expect(await throwing(err(props), { errors: { api: SdkError } })).toMatchObject({
      kind: "error",
      errorKind: "api",
      status: 400,
    });
  });

  it.each([
    ["its own resultCode", { statusCode: 400, resultCode: "A001201" }],
    ["a raw JSON body", { statusCode: 400, body: '{"resultCode":"A001201","resultMessage":"bad"}' }],
    ["body bytes", { statusCode: 400, body: new TextEncoder().encode('{"resultCode":"A001201"}') }],
    ["a parsed body", { response: { status: 400, data: { resultCode: "A001201" } } }],
    ["getResponseBody()", { getStatusCode: () => 400, getResponseBody: () => '{"resultCode":"A001201"}' }],
  ])("resultCode from %s", async (_where, props) => {
    expect(await throwing(err(props), { errors: { api: SdkError } })).toMatchObject({
      errorKind: "api",
      status: 400,
      resultCode: "A001201",
    });
  });

  it("reports no status or resultCode where the error carries none (an HTML page, a status out of range), and keeps its body", async () => {
    const r = await throwing(err({ statusCode: 42, body: "<html>oops</html>" }), { errors: { api: SdkError } });
    expect(r).toEqual({ kind: "error", errorKind: "api", message: "failed", body: "<html>oops</html>" });
  });

  it("takes the SDK's own spelling through hooks, and a hook that throws is the adapter's failure", async () => {
    const e = err({ meta: { http: 503, text: '{"resultCode":"A001101"}' } });
    const hooks = {
      errors: { api: SdkError },
      status: (x: unknown) => (x as { meta: { http: number } }).meta.http,
      body: (x: unknown) => (x as { meta: { text: string } }).meta.text,
    };
    expect(await throwing(e, hooks)).toMatchObject({ errorKind: "api", status: 503, resultCode: "A001101" });
    expect(
      await throwing(e, {
        ...hooks,
        status: () => {
          throw new Error("boom");
        },
      }),
    ).toMatchObject({
      kind: "adapter-failure",
      reason: "failed",
      message: expect.stringMatching(/hook failed: Error: boom/),
    });
  });
});

describe("results: models, void, lists and raw JSON text", () => {
  const returning = (value: unknown, def: Partial<AdapterDefinition<unknown>> = {}) =>
    outcome({ operations: { auth_token_api: () => value }, ...def });

  class TokenResponse {
    #expiresAt: bigint;
    action = "OK";
    unset: string | undefined = undefined;
    constructor(at: bigint) {
      this.#expiresAt = at;
    }
    get accessTokenExpiresAt() {
      return this.#expiresAt;
    }
    describe() {
      return "a method, not a field";
    }
  }

  it("writes class models by their fields and getters, int64 exact, undefined absent", async () => {
    expect(await returning(new TokenResponse(9223372036854775807n))).toEqual({
      kind: "decoded",
      value: '{"action":"OK","accessTokenExpiresAt":9223372036854775807}',
    });
  });

  it("writes dates and URLs as their wire strings, Maps and Sets as objects and arrays", async () => {
    const value = {
      at: new Date("2024-01-02T03:04:05.000Z"),
      uri: new URL("https://as.example/cb?x=ü"),
      extra: new Map([["k", 1]]),
      scopes: new Set(["openid"]),
    };
    expect(await returning(value)).toEqual({
      kind: "decoded",
      value:
        '{"at":"2024-01-02T03:04:05.000Z","uri":"https://as.example/cb?x=%C3%BC","extra":{"k":1},"scopes":["openid"]}',
    });
  });

  it("uses encoders for classes the defaults cannot write", async () => {
    class Money {
      constructor(readonly cents: number) {}
      toString() {
        return `${this.cents / 100} EUR`;
      }
    }
    expect(await returning({ price: new Money(150) }, { encoders: [[Money, (m: Money) => m.toString()]] })).toEqual({
      kind: "decoded",
      value: '{"price":"1.5 EUR"}',
    });
  });

  it("answers a method that returned nothing as a void result (the 204 operations)", async () => {
    expect(await returning(undefined)).toEqual({ kind: "decoded", value: "null" });
  });

  it("writes a list of models", async () => {
    expect(await returning([new TokenResponse(1n), { action: "BAD_REQUEST" }])).toEqual({
      kind: "decoded",
      value: '[{"action":"OK","accessTokenExpiresAt":1},{"action":"BAD_REQUEST"}]',
    });
  });

  it("reads raw JSON text as JSON, int64 exact, and text that is not JSON as the string it is", async () => {
    expect(await returning(jsonText('{"keys": [], "n": 9223372036854775807}'))).toEqual({
      kind: "decoded",
      value: '{"keys":[],"n":9223372036854775807}',
    });
    expect(await returning(jsonText("<html>"))).toEqual({ kind: "decoded", value: '"<html>"' });
  });

  it("reports a result it cannot turn into JSON as the adapter's failure, naming where", async () => {
    expect(await returning({ n: Number.NaN })).toMatchObject({
      kind: "adapter-failure",
      reason: "failed",
      message: "NaN at /n is not JSON",
    });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(await returning(cyclic)).toMatchObject({
      kind: "adapter-failure",
      reason: "failed",
      message: "a circular reference at /self is not JSON",
    });
    expect(await returning({ m: new Map([[1, 2]]) })).toMatchObject({
      kind: "adapter-failure",
      message: expect.stringMatching(/Map key of type number at \/m/),
    });
  });
});

describe("positional calls", () => {
  const request = { pathParams: { serviceId: "42", clientId: "1001" }, query: {}, body: { name: "x" } };

  it("args: the path parameters in path order without serviceId, then the body", () => {
    expect(args(request)).toEqual(["1001", { name: "x" }]);
    expect(args({ pathParams: { serviceId: "42", clientId: "7" }, query: {} })).toEqual(["7"]);
  });

  it("calls a client method by name with them, bound to its owner", async () => {
    const seen: unknown[] = [];
    const client = {
      clients: {
        prefix: "c",
        update(id: string, body: unknown) {
          seen.push(this.prefix, id, body);
          return { clientId: id };
        },
      },
    };
    expect(
      await outcome(
        { client: () => client, operations: { client_update_api: "clients.update" } },
        "client_update_api",
        request,
      ),
    ).toEqual({ kind: "decoded", value: '{"clientId":"1001"}' });
    expect(seen).toEqual(["c", "1001", { name: "x" }]);
    expect(
      await outcome(
        { client: () => client, operations: { client_update_api: "clients.patch" } },
        "client_update_api",
        request,
      ),
    ).toMatchObject({ kind: "adapter-failure", message: "the client has no method clients.patch" });
  });
});

describe("the handshake", () => {
  it("declares unsupported operations and fills in default traits", async () => {
    const a = inProcessAdapter(
      defineAdapter({
        name: "t",
        sdk: ["s", "1"],
        client: () => ({}),
        operations: {},
        errors: {},
        unsupported: ["hsk_create_api"],
        unsupportedParameters: { auth_token_api: ["/body/dpop"], "*": ["/query/*"] },
        traits: { nulls: "absent" },
      }),
    );
    expect(await a.start()).toMatchObject({
      unsupported: ["hsk_create_api"],
      unsupportedParameters: { auth_token_api: ["/body/dpop"], "*": ["/query/*"] },
      traits: { nulls: "absent", keys: "camelCase" },
    });
    expect(await a.call(call("auth_revocation_api"), 1000)).toEqual({
      kind: "unsupported",
      message: "auth_revocation_api is not implemented by s",
    });
  });
});
