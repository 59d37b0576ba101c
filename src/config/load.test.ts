import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "./load.ts";

const write = (content: string) => {
  const dir = mkdtempSync(join(tmpdir(), "conformance-cfg-"));
  writeFileSync(join(dir, "conformance.config.json"), content);
  return dir;
};

describe("loadConfig", () => {
  it("is optional by default and required when named", () => {
    expect(loadConfig(undefined, mkdtempSync(join(tmpdir(), "x-")))).toEqual({});
    expect(() => loadConfig("/nope/conformance.config.json")).toThrow(/config file not found/);
  });

  it("reads server endpoints", () => {
    const dir = write(JSON.stringify({ server: { endpoints: [{ operationId: "auth_token_api", method: "POST", path: "/oauth/token", form: { grant_type: "password" }, auth: "basic" }] } }));
    expect(loadConfig(undefined, dir).server?.endpoints?.[0]?.path).toBe("/oauth/token");
  });

  it("reads server env, per-route headers, DPoP, unsupported routes and a completion step; a typo is named", () => {
    const server = {
      env: { LOG_LEVEL: "debug" },
      endpoints: [
        { operationId: "auth_token_api", method: "POST", path: "/t", headers: { "x-a": "1" }, dpop: true },
        { operationId: "auth_token_api", method: "POST", path: "/t2" },
        { operationId: "auth_userinfo_api", method: "GET", path: "/u", unsupported: true },
        { operationId: "auth_authorization_api", method: "GET", path: "/a", completion: { method: "POST", path: "/decide", form: { ok: "1" } } },
      ],
    };
    expect(loadConfig(undefined, write(JSON.stringify({ server }))).server).toMatchObject(server);
    expect(() => loadConfig(undefined, write(JSON.stringify({ server: { endpoints: [{ operationId: "a", method: "GET", path: "/a", completion: { method: "POST", path: "/d", fomr: {} } }] } })))).toThrow(/unknown key "server\.endpoints\.0\.completion\.fomr": remove it \(allowed here: method, path, query, form\)/);
    expect(() => loadConfig(undefined, write(JSON.stringify({ server: { env: { "BAD-NAME": "x" } } })))).toThrow(/server\.env/);
  });

  it("resolves paths in the file against the file's folder", () => {
    const dir = write(JSON.stringify({ report: { dir: "out" }, baseline: "expected.json", sdk: { adapter: "python3 a.py", cwd: "sdk" } }));
    expect(loadConfig(undefined, dir)).toMatchObject({ report: { dir: join(dir, "out") }, baseline: join(dir, "expected.json"), sdk: { adapter: "python3 a.py", cwd: join(dir, "sdk") } });
  });

  it("reads the environment variable names a server uses", () => {
    expect(loadConfig(undefined, write('{"server": {"envNames": {"baseUrl": "AUTHLETE_API_URL"}}}')).server?.envNames).toEqual({ baseUrl: "AUTHLETE_API_URL" });
  });

  it.each([
    ['{"server": {"envNames": {"baseURL": "X"}}}', /unknown key "server\.envNames\.baseURL"/],
    ['{"sever": {}}', /unknown key "sever": did you mean "server"\?/],
    ['{"zzzzzz": 1}', /unknown key "zzzzzz": remove it \(allowed here: profile, sdk, server, /],
    ['{"server": {"readyTimeoutMs": "10s"}}', /server\.readyTimeoutMs must be integer/],
    ['{"server": {"endpoints": [{"operationId": "x", "method": "FETCH", "path": "/t"}]}}', /server\.endpoints\.0\.method must be one of "GET", "POST", "PUT", "DELETE"/],
    ['{"server": {"url": "http://10.0.0.1"}}', /server\.url must match .*, got "http:\/\/10\.0\.0\.1" \(a loopback http URL/],
    ['{"sdk": {"adapter": "a.ts", "readyTimeoutMs": 5}}', /sdk\.readyTimeoutMs must be ≥ 100, got 5/],
    ['{"runs": 0}', /runs must be ≥ 1, got 0/],
    ['{"checks": {"decodes": "off"}}', /checks: "decodes" is not a valid key here/],
    ["{ nope", /not valid JSON/],
  ])("%s is rejected, naming the key", (content, message) => {
    expect(() => loadConfig(undefined, write(content))).toThrow(message);
  });
});
