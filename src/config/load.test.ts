import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import { INTEGER_LIMITS } from "../run/options.ts";
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
    const dir = write(
      JSON.stringify({
        server: {
          endpoints: [
            {
              operationId: "auth_token_api",
              method: "POST",
              path: "/oauth/token",
              form: { grant_type: "password" },
              auth: "basic",
            },
          ],
        },
      }),
    );
    expect(loadConfig(undefined, dir).server?.endpoints?.[0]?.path).toBe("/oauth/token");
  });

  it("reads server env, per-route headers, DPoP, unsupported routes and a completion step; a typo is named", () => {
    const server = {
      env: { LOG_LEVEL: "debug" },
      endpoints: [
        { operationId: "auth_token_api", method: "POST", path: "/t", headers: { "x-a": "1" }, dpop: true },
        { operationId: "auth_token_api", method: "POST", path: "/t2" },
        { operationId: "auth_userinfo_api", method: "GET", path: "/u", unsupported: true },
        {
          operationId: "auth_authorization_api",
          method: "GET",
          path: "/a",
          completion: { method: "POST", path: "/decide", form: { ok: "1" } },
        },
      ],
    };
    expect(loadConfig(undefined, write(JSON.stringify({ server }))).server).toMatchObject(server);
    expect(() =>
      loadConfig(
        undefined,
        write(
          JSON.stringify({
            server: {
              endpoints: [
                { operationId: "a", method: "GET", path: "/a", completion: { method: "POST", path: "/d", fomr: {} } },
              ],
            },
          }),
        ),
      ),
    ).toThrow(
      /unknown key "server\.endpoints\.0\.completion\.fomr": remove it \(allowed here: method, path, query, form\)/,
    );
    expect(() => loadConfig(undefined, write(JSON.stringify({ server: { env: { "BAD-NAME": "x" } } })))).toThrow(
      /server\.env/,
    );
  });

  it("resolves paths in the file against the file's folder", () => {
    const dir = write(
      JSON.stringify({
        report: { dir: "out" },
        baseline: "expected.json",
        sdk: { adapter: "python3 a.py", cwd: "sdk" },
      }),
    );
    expect(loadConfig(undefined, dir)).toMatchObject({
      report: { dir: join(dir, "out") },
      baseline: join(dir, "expected.json"),
      sdk: { adapter: "python3 a.py", cwd: join(dir, "sdk") },
    });
  });

  it("reads the environment variable names a server uses", () => {
    expect(
      loadConfig(undefined, write('{"server": {"envNames": {"baseUrl": "AUTHLETE_API_URL"}}}')).server?.envNames,
    ).toEqual({ baseUrl: "AUTHLETE_API_URL" });
  });

  it.each([
    ['{"server": {"envNames": {"baseURL": "X"}}}', /unknown key "server\.envNames\.baseURL"/],
    ['{"sever": {}}', /unknown key "sever": did you mean "server"\?/],
    ['{"zzzzzz": 1}', /unknown key "zzzzzz": remove it \(allowed here: profile, sdk, server, /],
    ['{"server": {"readyTimeoutMs": "10s"}}', /server\.readyTimeoutMs must be integer/],
    [
      '{"server": {"endpoints": [{"operationId": "x", "method": "FETCH", "path": "/t"}]}}',
      /server\.endpoints\.0\.method must be one of "GET", "POST", "PUT", "DELETE"/,
    ],
    [
      '{"server": {"url": "http://10.0.0.1"}}',
      /server\.url must match .*, got "http:\/\/10\.0\.0\.1" \(a loopback http URL/,
    ],
    ['{"sdk": {"adapter": "a.ts", "readyTimeoutMs": 5}}', /sdk\.readyTimeoutMs must be ≥ 100, got 5/],
    ['{"runs": 0}', /runs must be ≥ 1, got 0/],
    ['{"checks": {"decodes": "off"}}', /checks: "decodes" is not a valid key here/],
    ["{ nope", /not valid JSON/],
    ['{"timeoutMs": 3000000000}', /timeoutMs must be ≤ 2147483647, got 3000000000/],
    ['{"runs": 1e300}', /runs must be ≤ 1000000/],
    ['{"sdk": {"adapter": "a.ts", "readyTimeoutMs": 2147483648}}', /sdk\.readyTimeoutMs must be ≤ 2147483647/],
    [
      `{"report": ${'{"dir": '.repeat(20_000)}"x"${"}".repeat(20_000)}}`,
      /larger than 1 MiB|nested deeper than 32 levels/,
    ],
    [`{"a": ${"[".repeat(40)}${"]".repeat(40)}}`, /nested deeper than 32 levels/],
  ])("%s is rejected, naming the key", (content, message) => {
    expect(() => loadConfig(undefined, write(content))).toThrow(message);
  });

  it("accepts a file saved with a byte-order mark", () => {
    expect(loadConfig(undefined, write('\uFEFF{"runs": 7}'))).toEqual({ runs: 7 });
  });

  it("refuses /dev/zero in one line instead of reading it until memory runs out", () => {
    expect(() => loadConfig("/dev/zero")).toThrow(/^\/dev\/zero: is not a regular file$/);
  });

  it("keeps an adapter module path with spaces a path (resolved next to the file), never a command", () => {
    const dir = write(JSON.stringify({ sdk: { adapter: "my adapters/adapter.mjs" } }));
    mkdirSync(join(dir, "my adapters"));
    writeFileSync(join(dir, "my adapters", "adapter.mjs"), "export default {}");
    expect(loadConfig(undefined, dir).sdk?.adapter).toBe(join(dir, "my adapters", "adapter.mjs"));
  });

  it("states the same maxima as the CLI and the library (INTEGER_LIMITS)", () => {
    const schema = JSON.parse(readFileSync(join(KIT_ROOT, "schemas", "config-v1.json"), "utf8"));
    const max = (s: { maximum?: number }) => s.maximum;
    expect([
      max(schema.properties.runs),
      max(schema.properties.variantRuns),
      max(schema.properties.timeoutMs),
      max(schema.properties.concurrency),
      max(schema.properties.sdk.properties.readyTimeoutMs),
      max(schema.properties.server.properties.readyTimeoutMs),
    ]).toEqual([
      INTEGER_LIMITS.runs[1],
      INTEGER_LIMITS.variantRuns[1],
      INTEGER_LIMITS.timeoutMs[1],
      INTEGER_LIMITS.concurrency[1],
      INTEGER_LIMITS.readyTimeoutMs[1],
      INTEGER_LIMITS.readyTimeoutMs[1],
    ]);
  });
});
