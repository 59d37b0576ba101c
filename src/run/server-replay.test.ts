import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "shell-quote";
import { shellWord } from "./replay-command.ts";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import { KIT_ROOT } from "../contracts/paths.ts";
import type { Report } from "../report/model.ts";
import { report } from "../report/report.test-helper.ts";

describe("evidence for servers", () => {
  it("a config-driven run (server.env, two routes, an unsupported one) attaches the server's log to failures and prints replay commands that re-run the exact case", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-srv-replay-"));
    const cfg = join(dir, "conformance.config.json");
    writeFileSync(
      cfg,
      JSON.stringify({
        server: {
          command: "npx tsx fixtures/server/reference/server.ts",
          cwd: KIT_ROOT,
          // The defect is switched on through server.env: it reaches the server or nothing fails.
          env: { MUTANT: "no_cache_on_upstream_fault", AUTHLETE_TIMEOUT_MS: "1000" },
          endpoints: [
            {
              operationId: "auth_revocation_api",
              method: "POST",
              path: "/revocation",
              form: { token: "a" },
              auth: "basic",
            },
            {
              operationId: "auth_revocation_api",
              method: "POST",
              path: "/revocation",
              form: { token: "b" },
              auth: "basic",
              headers: { "x-request-id": "second-route" },
            },
            { operationId: "auth_userinfo_api", method: "GET", path: "/userinfo", unsupported: true },
          ],
        },
      }),
    );
    const run = await cli(
      "run",
      "--config",
      cfg,
      "--operations",
      "auth_revocation_api,auth_userinfo_api",
      "--runs",
      "4",
      "--variant-runs",
      "1",
      "--seed",
      "7",
      "--report-dir",
      dir,
      "--quiet",
    );
    const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8")) as Report;
    expect(run.code).toBe(1);
    expect([...new Set(report.failures.map((f) => f.check))]).toEqual(["server.headers.cache"]);
    expect(report.operations.find((o) => o.operationId === "auth_userinfo_api")).toMatchObject({
      unsupported: true,
      skipReason: expect.stringMatching(/unsupported in the endpoint map/),
    });
    // Each fault kind is its own entry; the one shown here is an Authlete error status.
    expect(new Set(report.failures.map((x) => x.variant)).size).toBeGreaterThan(1);
    const f = report.failures.find((x) => /~fault~status-\d+$/.test(x.caseId))!;
    // The lines the server wrote while it handled the failing case.
    expect(f.log?.join("\n")).toMatch(/upstream: Authlete answered/);
    expect(f.replay).toBe(["npx", "conformance", "replay", f.caseId, "--config", cfg].map(shellWord).join(" "));
    // Both routes are driven; the second one's cases carry its index.
    expect(report.operations.find((o) => o.operationId === "auth_revocation_api")!.cases).toBeGreaterThanOrEqual(
      2 * 11,
    );
    const argv = (parse(f.replay) as string[]).slice(2);
    const again = await cli(...argv);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/^client request: POST http:\/\/127\.0\.0\.1:\d+\/revocation/m);
    expect(again.out).toMatch(/^Authlete call: POST \/api\/\d+\/auth\/revocation \(auth_revocation_api\)/m);
    expect(again.out).toMatch(/^server log:\n {2}upstream: Authlete answered/m);
    expect(again.out).toMatch(/^FAIL {2}server\.headers\.cache: Received: Cache-Control: private/m);
    expect(again.out).not.toMatch(/7Fjfp0ZBr1KtDRbnfVdmIw/);
    // The second route: its header reaches the server, and its cases replay on that route.
    const second = await cli("replay", "auth_revocation_api~fault~status-500@1", "--config", cfg);
    expect(second.out).toMatch(/route 1/);
    expect(second.out).toMatch(/x-request-id: second-route/);
    expect(second.code).toBe(1);
  }, 120_000);

  it("never runs a command read from a report, and names what a server case needs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-srv-replay-"));
    const file = join(dir, "r.json");
    writeFileSync(
      file,
      JSON.stringify(report([], { target: { kind: "server", spec: "touch /tmp/conformance-should-not-exist" } })),
    );
    const r = await cli("replay", `${file}#auth_token_api~fault~reset`, "--config", join(dir, "none.json"));
    expect(r.code).toBe(2);
    const r2 = await cli("replay", `${file}#auth_token_api~fault~reset`);
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/needs the server: --server .*never run/);
    const bad = await cli("replay", "auth_token_api~fault~melted", "--server-url", "http://127.0.0.1:9");
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/no server fault "melted"/);
  });
});
