import { connect } from "node:net";
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { validateText } from "../schema/validate.ts";
import { fillPath } from "./router.ts";
import { closeMocksAfterEach, open, post, profile, raw, SERVICE, TOKEN } from "./mock.test-helper.ts";
import { startMock } from "./server.ts";

closeMocksAfterEach();

const TOKEN_BODY = '{"parameters":"grant_type=password"}';

describe("mock Authlete API: answers", () => {
  it("listens on 127.0.0.1 only", async () => {
    const mock = await open();
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(mock.url).port);
    // Any other address of this machine must refuse the connection.
    const other = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    if (other) {
      const refused = await new Promise<boolean>((ok) => {
        const s = connect({ host: other, port }, () => (s.destroy(), ok(false)));
        s.on("error", () => ok(true));
        s.setTimeout(2000, () => (s.destroy(), ok(true)));
      });
      expect(refused).toBe(true);
    }
  });

  it("serves scripted bytes byte-identical, int64 digits and non-ASCII included", async () => {
    const mock = await open();
    const exact =
      '{ "action" : "OK",\n  "accessTokenExpiresAt": 9223372036854775807, "x": "ü\\u00fc", "n": -0, "f": 1.50 }';
    mock.script("auth_token_api", { body: exact, headers: { "x-extra": "1" } });
    const r = await post(mock, "/api/42/auth/token", TOKEN_BODY);
    expect(r.bytes.equals(Buffer.from(exact, "utf8"))).toBe(true);
    expect([r.status, r.headers["content-type"], r.headers["content-length"], r.headers["x-extra"]]).toEqual([
      200,
      "application/json",
      String(Buffer.byteLength(exact)),
      "1",
    ]);
  });

  it("answers first in first out per operation, then the sticky default, then the fallback", async () => {
    const mock = await open();
    mock.script("auth_token_api", { body: '{"action":"PASSWORD"}' });
    mock.script("auth_token_api", { body: '{"action":"OK"}', status: 200 });
    mock.script("auth_introspection_api", { body: '{"action":"OK"}' });
    const texts = async (n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push((await post(mock, "/api/42/auth/token", TOKEN_BODY)).bytes.toString());
      return out;
    };
    expect(await texts(3)).toEqual(['{"action":"PASSWORD"}', '{"action":"OK"}', "{}"]);
    mock.setDefault("auth_token_api", { body: '{"action":"BAD_REQUEST"}', status: 200 });
    mock.script("auth_token_api", { body: '{"action":"FIRST"}' });
    expect(await texts(3)).toEqual(['{"action":"FIRST"}', '{"action":"BAD_REQUEST"}', '{"action":"BAD_REQUEST"}']);
    mock.reset();
    expect(await texts(1)).toEqual(["{}"]);
  });

  it("answers every operation with its success status and a conforming fallback body", async () => {
    const mock = await open({ fallbackBody: undefined });
    for (const c of profile.contracts) {
      const r = await raw(`${mock.url}${fillPath(c, { serviceId: SERVICE })}`, {
        method: c.method,
        headers: { authorization: `Bearer ${TOKEN}`, ...(c.request ? { "content-type": "application/json" } : {}) },
        body: c.request ? "{}" : "",
      });
      expect(r.status, c.operationId).toBe(c.response.status);
      if (c.response.schema && c.response.contentType === "application/json")
        expect(validateText(c.response.schema, r.bytes.toString()), c.operationId).toEqual([]);
    }
    expect(mock.requests()).toHaveLength(84);
    expect(new Set(mock.requests().map((r) => r.operationId)).size).toBe(84);
    expect(mock.requests().find((r) => r.operationId === "get_api_lifecycle_healthcheck")?.problems).toEqual([]);
  });

  it("uses an injected fallback for unscripted calls", async () => {
    const mock = await open({ fallbackBody: (c) => `{"from":"${c.operationId}"}` });
    expect((await post(mock, "/api/42/auth/token", TOKEN_BODY)).bytes.toString()).toBe('{"from":"auth_token_api"}');
  });

  it("sends no body on 204 operations", async () => {
    const mock = await open();
    const r = await raw(`${mock.url}/api/42/client/delete/7`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect([r.status, r.bytes.length, r.headers["content-type"]]).toEqual([204, 0, undefined]);
  });
});

describe("mock Authlete API: requests", () => {
  it("answers 401 to a missing or wrong Bearer, with Authlete result codes, and records why", async () => {
    const mock = await open();
    mock.script("auth_token_api", { body: '{"action":"OK"}' });
    const missing = await raw(`${mock.url}/api/42/auth/token`, {
      method: "POST",
      body: TOKEN_BODY,
      headers: { "content-type": "application/json" },
    });
    const wrong = await post(mock, "/api/42/auth/token", TOKEN_BODY, { authorization: "Bearer nope" });
    const basic = await post(mock, "/api/42/auth/token", TOKEN_BODY, { authorization: "Basic a2V5OnNlY3JldA==" });
    expect([missing.status, wrong.status, basic.status]).toEqual([401, 401, 401]);
    expect(JSON.parse(missing.bytes.toString())).toEqual({
      resultCode: "A001202",
      resultMessage: "[A001202] /auth/token, Authorization header is missing.",
    });
    expect(JSON.parse(wrong.bytes.toString()).resultCode).toBe("A001203");
    const errorSchema = profile.byId.get("auth_token_api")!.errorSchema!;
    expect(validateText(errorSchema, wrong.bytes.toString())).toEqual([]);
    const seen = mock.takeRequests();
    expect(seen.map((r) => [r.operationId, r.problems])).toEqual([
      ["auth_token_api", [expect.stringMatching(/no Authorization header/)]],
      ["auth_token_api", [expect.stringMatching(/not the configured service access token/)]],
      ["auth_token_api", [expect.stringMatching(/not a Bearer credential \(scheme "Basic"\)/)]],
    ]);
    // The secret after "Basic" is not copied into the record's problems.
    expect(seen[2]!.problems.join()).not.toContain("a2V5");
    // The refused calls did not use up the scripted answer.
    expect((await post(mock, "/api/42/auth/token", TOKEN_BODY)).bytes.toString()).toBe('{"action":"OK"}');
  });

  it("records auth problems but answers anyway when enforceAuth is off", async () => {
    const mock = await open({ enforceAuth: false });
    mock.script("auth_token_api", { body: '{"action":"OK"}' });
    const r = await post(mock, "/api/42/auth/token", TOKEN_BODY, { authorization: "" });
    expect([r.status, r.bytes.toString()]).toEqual([200, '{"action":"OK"}']);
    expect(mock.requests()[0]!.problems).toEqual([expect.stringMatching(/no Authorization header/)]);
  });

  it("does not ask the health check for credentials", async () => {
    const mock = await open();
    const r = await raw(`${mock.url}/api/lifecycle/healthcheck?extended=true`);
    expect([r.status, r.headers["content-type"], r.bytes.toString()]).toEqual([200, "text/plain", "OK"]);
    expect(mock.requests()[0]).toMatchObject({
      method: "GET",
      path: "/api/lifecycle/healthcheck",
      query: { extended: "true" },
      operationId: "get_api_lifecycle_healthcheck",
      problems: [],
    });
  });

  it("records schema, media type, serviceId, parameter and route problems, and answers anyway", async () => {
    const mock = await open();
    mock.setDefault("auth_token_api", { body: '{"action":"OK"}' });
    const answers = [
      await post(mock, "/api/42/auth/token", '{"parameters": 5}'),
      await post(mock, "/api/42/auth/token", "parameters=x", { "content-type": "text/plain" }),
      await post(mock, "/api/7/auth/token", TOKEN_BODY),
      await post(mock, "/api/42/auth/token", "{not json"),
      await post(mock, "/api/42/auth/token", ""),
      await raw(`${mock.url}/api/42/client/get/list?start=x&end=99999999999`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
      await raw(`${mock.url}/api/42/client/authorization/get/list`, { headers: { authorization: `Bearer ${TOKEN}` } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 200]);
    const r404 = await post(mock, "/api/42/auth/nothing", "{}");
    expect([r404.status, JSON.parse(r404.bytes.toString()).resultCode]).toEqual([404, "A001404"]);
    const problems = mock.takeRequests().map((r) => r.problems.join("; "));
    expect(problems[0]).toMatch(/request body at \/parameters must be string/);
    expect(problems[1]).toMatch(
      /Content-Type "text\/plain" is not one of application\/json, application\/x-www-form-urlencoded/,
    );
    expect(problems[2]).toBe('serviceId "7" in the path is not the configured "42"');
    expect(problems[3]).toMatch(/request body is not JSON/);
    expect(problems[4]).toMatch(/request body is required/);
    expect(problems[5]).toBe(
      'query parameter "start" must be an integer, got "x"; query parameter "end" must be an int32, got 99999999999',
    );
    expect(problems[6]).toBe('query parameter "subject" is required');
    expect(problems[7]).toBe("no operation at POST /api/42/auth/nothing");
    expect(mock.requests()).toEqual([]);
  });

  it("records an unmatched route with no operationId and the raw path and query", async () => {
    const mock = await open();
    const r = await raw(`${mock.url}/api/42/auth/token?x=1`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(404);
    const [rec] = mock.requests();
    expect(rec).toEqual({
      method: "GET",
      path: "/api/42/auth/token",
      query: { x: "1" },
      headers: expect.objectContaining({ authorization: `Bearer ${TOKEN}` }),
      body: "",
      problems: ["no operation at GET /api/42/auth/token"],
    });
    expect("operationId" in rec!).toBe(false);
  });

  it("accepts form-encoded requests, checking only that required parameters are present", async () => {
    const mock = await open();
    const form = { "content-type": "application/x-www-form-urlencoded" };
    const ok = await post(mock, "/api/42/auth/token", "parameters=grant_type%3Dpassword%26username%3Dalice", form);
    await post(mock, "/api/42/auth/token", "other=1", form);
    // clientLocked is a boolean in the schema; as a form value it is text, and that is fine.
    await post(mock, "/api/42/client/lock_flag/update/my-client", "clientLocked=true", form);
    expect(ok.status).toBe(200);
    expect(mock.takeRequests().map((r) => r.problems)).toEqual([
      [],
      ['form body lacks required parameter "parameters"'],
      [],
    ]);
  });

  it("validates JSON bodies losslessly: an int64 beyond 2^53 is an integer", async () => {
    const mock = await open();
    await post(mock, "/api/42/client/authorization/delete/9223372036854775807", '{"subject":"alice"}');
    await post(mock, "/api/42/auth/token/create", '{"grantType":"AUTHORIZATION_CODE","clientId":9223372036854775807}');
    await post(mock, "/api/42/auth/token/create", '{"grantType":"AUTHORIZATION_CODE","clientId":9223372036854775808}');
    expect(mock.takeRequests().map((r) => r.problems.length)).toEqual([0, 0, 1]);
  });

  it("answers 400 with a resultCode to malformed requests in strict mode", async () => {
    const mock = await open({ strictRequests: true });
    mock.script("auth_token_api", { body: '{"action":"OK"}' });
    const bad = await post(mock, "/api/42/auth/token", '{"parameters": 5}');
    expect([bad.status, JSON.parse(bad.bytes.toString()).resultCode]).toEqual([400, "A001201"]);
    expect((await post(mock, "/api/42/auth/token", TOKEN_BODY)).bytes.toString()).toBe('{"action":"OK"}');
  });

  it("refuses bodies over the limit with 413, declared or streamed, and records them", async () => {
    const mock = await open({ maxBodyBytes: 1000 });
    const declared = await post(mock, "/api/42/auth/token", `{"parameters":"${"a".repeat(2000)}"}`);
    const streamed = await post(mock, "/api/42/auth/token", `{"parameters":"${"a".repeat(2000)}"}`, {
      "transfer-encoding": "chunked",
    });
    expect([declared.status, streamed.status]).toEqual([413, 413]);
    expect(JSON.parse(declared.bytes.toString()).resultCode).toBe("A001413");
    expect(mock.requests().map((r) => [r.operationId, r.body, r.problems])).toEqual([
      ["auth_token_api", "", ["request body over 1000 bytes"]],
      ["auth_token_api", "", ["request body over 1000 bytes"]],
    ]);
  });

  it("cuts a client that never sends its body once the request timeout passes", async () => {
    const mock = await open({ requestTimeoutMs: 300 });
    const { port } = new URL(mock.url);
    const started = Date.now();
    const closed = await new Promise<string>((ok) => {
      const s = connect({ host: "127.0.0.1", port: Number(port) }, () =>
        s.write(
          `POST /api/42/auth/token HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"par`,
        ),
      );
      let got = "";
      s.on("data", (d) => (got += d.toString()));
      s.on("close", () => ok(got));
      s.on("error", () => undefined);
      setTimeout(() => (s.destroy(), ok("still open")), 5000);
    });
    expect(closed).not.toBe("still open");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(mock.requests()[0]).toMatchObject({
      operationId: "auth_token_api",
      problems: ["request aborted before its body was complete"],
    });
  });

  it("answers 500 A001101 and records why when the mock cannot send a scripted answer", async () => {
    const mock = await open();
    mock.script("auth_token_api", { body: "{}", headers: { "x-bad": "a\nb" } });
    const r = await post(mock, "/api/42/auth/token", TOKEN_BODY);
    expect([r.status, JSON.parse(r.bytes.toString()).resultCode]).toEqual([500, "A001101"]);
    expect(mock.requests()[0]!.problems).toEqual([expect.stringMatching(/^mock error: .*x-bad/)]);
    expect((await post(mock, "/api/42/auth/token", TOKEN_BODY)).status).toBe(200);
  });

  it("generates a random control token and closes idempotently", async () => {
    const mock = await startMock({ contracts: profile.contracts, credentials: { accessToken: TOKEN } });
    expect(mock.controlToken).toMatch(/^[0-9a-f]{32}$/);
    await Promise.all([mock.close(), mock.close()]);
    await mock.close();
    await expect(raw(`${mock.url}/api/lifecycle/healthcheck`, { timeoutMs: 2000 })).rejects.toThrow();
  });
});
