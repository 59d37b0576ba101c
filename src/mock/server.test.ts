import { spawn } from "node:child_process";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import { loadProfile } from "../contracts/store.ts";
import { fillPath, makeRouter } from "./router.ts";
import { startMock, type MockServer } from "./server.ts";
import { validateText } from "../schema/validate.ts";

const profile = loadProfile("authlete-3.0.16");
const TOKEN = "test-token";
let mock: MockServer | undefined;
const open = async (extra = {}) => (mock = await startMock({ contracts: profile.contracts, credentials: { serviceId: "42", accessToken: TOKEN }, ...extra }));
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${mock!.url}${path}`, { method: "POST", body, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers } });

describe("router", () => {
  it("routes every operation of the spec, literal segments before parameters", () => {
    const route = makeRouter(profile.contracts);
    for (const c of profile.contracts) expect(route(c.method, fillPath(c, { serviceId: "42" }))?.contract.operationId, c.operationId).toBe(c.operationId);
    expect(route("GET", "/api/42/client/get/list")?.contract.operationId).toBe("client_get_list_api");
    expect(route("GET", "/api/42/client/get/77")).toMatchObject({ contract: { operationId: "client_get_api" }, params: { serviceId: "42", clientId: "77" } });
  });
});

describe("mock Authlete API", () => {
  it("listens on 127.0.0.1 only", async () => {
    await open();
    expect(mock!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves scripted bytes exactly, first in first out, then the fallback", async () => {
    await open();
    const exact = '{"action":"OK","accessTokenExpiresAt":9223372036854775807,"x":"ü"}';
    mock!.script("auth_token_api", { body: exact });
    mock!.script("auth_token_api", { body: "{}" });
    expect(await (await post("/api/42/auth/token", '{"parameters":"a=b"}')).text()).toBe(exact);
    expect(await (await post("/api/42/auth/token", '{"parameters":"a=b"}')).text()).toBe("{}");
    // Unscripted: a generated body that conforms to the response schema.
    const generated = await (await post("/api/42/auth/token", '{"parameters":"a=b"}')).text();
    expect(validateText(profile.byId.get("auth_token_api")!.response.schema!, generated)).toEqual([]);
    expect(mock!.takeRequests()).toHaveLength(3);
    expect(mock!.requests()).toEqual([]);
  });

  it("answers 401 to a missing or wrong Bearer and records why", async () => {
    await open();
    expect((await post("/api/42/auth/token", '{"parameters":""}', { authorization: "" })).status).toBe(401);
    expect((await post("/api/42/auth/token", '{"parameters":""}', { authorization: "Bearer nope" })).status).toBe(401);
    expect(mock!.takeRequests().map((r) => r.problems[0])).toEqual([expect.stringMatching(/no Authorization header/), expect.stringMatching(/not the service access token/)]);
  });

  it("records request problems: schema, media type, serviceId, unknown route", async () => {
    await open();
    await post("/api/42/auth/token", '{"parameters": 5}');
    await post("/api/42/auth/token", "parameters=x", { "content-type": "text/plain" });
    await post("/api/7/auth/token", '{"parameters":"x"}');
    const r404 = await post("/api/42/auth/nothing", "{}");
    expect(r404.status).toBe(404);
    const problems = mock!.takeRequests().map((r) => r.problems.join("; "));
    expect(problems[0]).toMatch(/request body at \/parameters must be string/);
    expect(problems[1]).toMatch(/Content-Type "text\/plain" is not one of/);
    expect(problems[2]).toMatch(/serviceId "7"/);
    expect(problems[3]).toMatch(/no operation at POST/);
  });

  it("accepts form-encoded requests, checking required parameters", async () => {
    await open();
    await post("/api/42/auth/token", "parameters=grant_type%3Dpassword", { "content-type": "application/x-www-form-urlencoded" });
    await post("/api/42/auth/token", "other=1", { "content-type": "application/x-www-form-urlencoded" });
    expect(mock!.takeRequests().map((r) => r.problems)).toEqual([[], ['form body lacks required parameter "parameters"']]);
  });

  it("injects faults: error status, non-JSON, delay, truncated body, reset, hang", async () => {
    await open();
    const op = "auth_token_api";
    mock!.script(op, { fault: { kind: "status", status: 403, resultCode: "A001215" } });
    const r = await post("/api/42/auth/token", '{"parameters":""}');
    expect([r.status, ((await r.json()) as { resultCode: string }).resultCode]).toEqual([403, "A001215"]);
    mock!.script(op, { fault: { kind: "non-json" } });
    expect(await (await post("/api/42/auth/token", '{"parameters":""}')).text()).toMatch(/^<html>/);
    mock!.script(op, { body: "{}", fault: { kind: "delay", ms: 150 } });
    const t = Date.now();
    await (await post("/api/42/auth/token", '{"parameters":""}')).text();
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    mock!.script(op, { body: '{"action":"OK","resultMessage":"abcdefghij"}', fault: { kind: "truncate" } });
    await expect(post("/api/42/auth/token", '{"parameters":""}').then((x) => x.text())).rejects.toThrow();
    mock!.script(op, { fault: { kind: "reset" } });
    await expect(post("/api/42/auth/token", '{"parameters":""}')).rejects.toThrow();
    mock!.script(op, { fault: { kind: "hang" } });
    const hung = post("/api/42/auth/token", '{"parameters":""}').catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const closing = Date.now();
    await mock!.close();
    expect(Date.now() - closing).toBeLessThan(1000);
    expect(await hung).toBeInstanceOf(Error);
  });

  it("is scripted through the control endpoint, which requires its token", async () => {
    await open({ controlToken: "ctl" });
    const ctl = (path: string, init: RequestInit = {}, token = "ctl") => fetch(`${mock!.url}/__conformance/${path}`, { ...init, headers: { "x-conformance-control": token, "content-type": "application/json" } });
    expect((await ctl("health", {}, "wrong")).status).toBe(403);
    expect((await ctl("script", { method: "POST", body: JSON.stringify({ operationId: "auth_token_api", answer: { body: '{"action":"PASSWORD"}' } }) })).status).toBe(200);
    expect(await (await post("/api/42/auth/token", '{"parameters":""}')).text()).toBe('{"action":"PASSWORD"}');
    const seen = await (await ctl("requests?take=1")).json();
    expect(seen).toHaveLength(1);
    expect(await (await ctl("requests")).json()).toEqual([]);
    expect((await ctl("script", { method: "POST", body: "{}" })).status).toBe(400);
  });
});

describe("conformance mock (a real process)", () => {
  it("prints its URL, serves, and exits 0 on SIGTERM", async () => {
    const child = spawn(process.execPath, [join(KIT_ROOT, "bin", "conformance.js"), "mock", "--json", "--access-token", "t"], { stdio: ["ignore", "pipe", "pipe"] });
    try {
      const line = await new Promise<string>((ok, fail) => {
        const timer = setTimeout(() => fail(new Error("no URL within 15 s")), 15_000);
        child.stdout.once("data", (d: Buffer) => (clearTimeout(timer), ok(d.toString())));
      });
      const { url, controlToken } = JSON.parse(line) as { url: string; controlToken: string };
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      expect((await fetch(`${url}/__conformance/health`, { headers: { "x-conformance-control": controlToken } })).status).toBe(200);
      const exited = new Promise<number | null>((ok) => child.once("exit", (code) => ok(code)));
      child.kill("SIGTERM");
      expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r("timeout"), 5000))])).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
