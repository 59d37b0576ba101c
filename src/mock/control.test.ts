import { describe, expect, it } from "vitest";
import type { RecordedRequest } from "../model/observed.ts";
import type { MockServer } from "./server.ts";
import { closeMocksAfterEach, open, post, raw } from "./mock.test-helper.ts";

closeMocksAfterEach();

const BODY = '{"parameters":"grant_type=password"}';

/** A control call the way another process makes it. */
function ctl(mock: MockServer, method: string, route: string, payload?: unknown, token: string | null = "ctl") {
  return raw(`${mock.url}/__conformance/${route}`, {
    method,
    headers: {
      ...(token !== null ? { "x-conformance-control": token } : {}),
      ...(payload !== undefined ? { "content-type": "application/json" } : {}),
    },
    ...(payload !== undefined ? { body: typeof payload === "string" ? payload : JSON.stringify(payload) } : {}),
  });
}
const json = (r: { bytes: Buffer }) => JSON.parse(r.bytes.toString()) as unknown;

describe("control endpoint", () => {
  it("requires the X-Conformance-Control token on every route", async () => {
    const mock = await open({ controlToken: "ctl" });
    for (const [method, route] of [
      ["GET", "health"],
      ["POST", "script"],
      ["POST", "default"],
      ["GET", "requests"],
      ["POST", "reset"],
    ] as const) {
      expect((await ctl(mock, method, route, undefined, null)).status, route).toBe(403);
      expect((await ctl(mock, method, route, undefined, "ct")).status, route).toBe(403);
    }
    expect((await ctl(mock, "GET", "health")).status).toBe(200);
    // Control calls are not Authlete calls: nothing recorded.
    expect(mock.requests()).toEqual([]);
  });

  it("sets Pact provider states up (token in the header or ?token=), refuses unknown states and wrong tokens", async () => {
    const answer = { status: 200, body: '{"action":"PASSWORD"}', contentType: "application/json" };
    const mock = await open({
      controlToken: "ctl",
      providerState: (state) =>
        state === "auth_token_api returns action PASSWORD" ? { operationId: "auth_token_api", answer } : undefined,
    });
    mock.setDefault("auth_introspection_api", { status: 200, body: '{"action":"OK","scripted":1}' });
    const state = (body: unknown, query = "", token: string | null = null) =>
      raw(`${mock.url}/__conformance/pact-state${query}`, {
        method: "POST",
        headers: token ? { "x-conformance-control": token } : {},
        body: JSON.stringify(body),
      });
    expect((await state({ state: "auth_token_api returns action PASSWORD", action: "setup" })).status).toBe(403);
    expect(
      (await state({ state: "auth_token_api returns action PASSWORD", action: "setup" }, "?token=nope")).status,
    ).toBe(403);
    // ?token= opens this route only.
    expect((await raw(`${mock.url}/__conformance/health?token=ctl`)).status).toBe(403);
    const unknown = await state({ state: "auth_token_api returns action NOPE", action: "setup" }, "?token=ctl");
    expect([unknown.status, json(unknown)]).toEqual([
      400,
      { error: expect.stringContaining('unknown provider state "auth_token_api returns action NOPE"') },
    ]);
    expect(
      (await state({ state: "auth_token_api returns action PASSWORD", action: "setup" }, "?token=ctl")).status,
    ).toBe(200);
    expect(
      (await state({ state: "auth_token_api returns action PASSWORD", action: "teardown" }, "", "ctl")).status,
    ).toBe(200);
    expect(
      (await post(mock, "/api/42/auth/token", BODY, { authorization: "Bearer test-token" })).bytes.toString(),
    ).toBe(answer.body);
    // A state is the whole provider: earlier scripting is gone.
    expect(
      (
        await post(mock, "/api/42/auth/introspection", '{"token":"x"}', { authorization: "Bearer test-token" })
      ).bytes.toString(),
    ).not.toContain("scripted");
    expect((await state("not json", "?token=ctl")).status).toBe(400);
  });

  it("generates a random control token when none is given", async () => {
    const a = await open();
    const b = await open();
    expect(a.controlToken).not.toBe(b.controlToken);
    expect((await ctl(a, "GET", "health", undefined, a.controlToken)).status).toBe(200);
    expect((await ctl(a, "GET", "health", undefined, b.controlToken)).status).toBe(403);
  });

  it("scripts answers (one or an array, exact bytes), sets defaults, reads and takes requests, resets", async () => {
    const mock = await open({ controlToken: "ctl" });
    const exact = '{"action":"PASSWORD","accessTokenExpiresAt":9223372036854775807}';
    expect(json(await ctl(mock, "POST", "script", { operationId: "auth_token_api", answer: { body: exact } }))).toEqual(
      { ok: true, count: 1 },
    );
    const many = [
      { operationId: "auth_token_api", answer: { fault: { kind: "status", status: 500 } } },
      {
        operationId: "auth_token_api",
        answer: { status: 200, body: "{}", contentType: "application/json; charset=utf-8", headers: { "x-a": "b" } },
      },
    ];
    expect(json(await ctl(mock, "POST", "script", many))).toEqual({ ok: true, count: 2 });
    expect(
      (await ctl(mock, "POST", "default", { operationId: "auth_token_api", answer: { body: '{"action":"OK"}' } }))
        .status,
    ).toBe(200);

    const first = await post(mock, "/api/42/auth/token", BODY);
    expect(first.bytes.equals(Buffer.from(exact))).toBe(true);
    expect((await post(mock, "/api/42/auth/token", BODY)).status).toBe(500);
    const third = await post(mock, "/api/42/auth/token", BODY);
    expect([third.headers["content-type"], third.headers["x-a"]]).toEqual(["application/json; charset=utf-8", "b"]);
    expect((await post(mock, "/api/42/auth/token", BODY)).bytes.toString()).toBe('{"action":"OK"}');

    const seen = json(await ctl(mock, "GET", "requests")) as RecordedRequest[];
    expect(seen).toHaveLength(4);
    expect(seen[0]).toMatchObject({
      method: "POST",
      path: "/api/42/auth/token",
      body: BODY,
      operationId: "auth_token_api",
      problems: [],
    });
    expect(json(await ctl(mock, "GET", "requests?take=1"))).toHaveLength(4);
    expect(json(await ctl(mock, "GET", "requests"))).toEqual([]);

    await post(mock, "/api/42/auth/token", BODY);
    expect(json(await ctl(mock, "POST", "reset"))).toEqual({ ok: true });
    expect(json(await ctl(mock, "GET", "requests"))).toEqual([]);
    // The default went with the reset: the fallback answers again.
    expect((await post(mock, "/api/42/auth/token", BODY)).bytes.toString()).toBe("{}");
  });

  it("refuses malformed scripts with 400 and a reason, queuing nothing", async () => {
    const mock = await open({ controlToken: "ctl" });
    const bad: Array<[unknown, RegExp]> = [
      ["{not json", /not JSON/],
      [{}, /expected \{"operationId"/],
      [{ operationId: "nope", answer: { body: "{}" } }, /unknown operationId "nope"/],
      [{ operationId: "auth_token_api", answer: { body: { action: "OK" } } }, /body must be a string/],
      [{ operationId: "auth_token_api", answer: { status: 99 } }, /status must be/],
      [
        { operationId: "auth_token_api", answer: { fault: { kind: "status", status: 418 } } },
        /status must be one of 400, 401, 403, 404, 500/,
      ],
      [{ operationId: "auth_token_api", answer: { fault: { kind: "delay", ms: -1 } } }, /ms must be/],
      [{ operationId: "auth_token_api", answer: { fault: { kind: "explode" } } }, /unknown kind "explode"/],
      [{ operationId: "auth_token_api", answer: { headers: { a: 1 } } }, /headers must be/],
      [{ operationId: "auth_token_api", answer: { bdy: "{}" } }, /unknown field "bdy"/],
      [[{ operationId: "auth_token_api", answer: { body: "{}" } }, { operationId: "x" }], /^\[1\]: expected/],
    ];
    for (const [payload, reason] of bad) {
      const r = await ctl(mock, "POST", "script", payload);
      expect(r.status, JSON.stringify(payload)).toBe(400);
      expect((json(r) as { error: string }).error).toMatch(reason);
    }
    expect((await post(mock, "/api/42/auth/token", BODY)).bytes.toString()).toBe("{}");
  });

  it("answers 404 to unknown control routes and wrong methods", async () => {
    const mock = await open({ controlToken: "ctl" });
    expect((await ctl(mock, "GET", "nothing")).status).toBe(404);
    expect((await ctl(mock, "GET", "reset")).status).toBe(404);
    expect((await ctl(mock, "POST", "health")).status).toBe(404);
  });
});
