import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import type { Report } from "../report/model.ts";

const FAKE = join(import.meta.dirname, "..", "targets", "__fixtures__", "fake-server.mjs");

async function serverRun(
  behaviour: string,
  ...extra: string[]
): Promise<{ code: number; out: string; report: Report }> {
  const dir = mkdtempSync(join(tmpdir(), "conformance-srv-"));
  const r = await cli(
    "run",
    "--server",
    `BEHAVIOUR=${behaviour} node ${JSON.stringify(FAKE)}`,
    "--operations",
    "auth_token_api,auth_userinfo_api",
    "--runs",
    "2",
    "--variant-runs",
    "1",
    "--seed",
    "1",
    "--report-dir",
    dir,
    "--quiet",
    ...extra,
  );
  return {
    code: r.code,
    out: r.out + r.err,
    report: JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8")) as Report,
  };
}

describe("server runs against hostile servers", () => {
  it("a server that never becomes ready: exit 2, a clear line, a partial report", async () => {
    const r = await serverRun("never-ready", "--ready-timeout", "800");
    expect(r.code).toBe(2);
    expect(r.report).toMatchObject({ complete: false, summary: { exitCode: 2, cases: 0 } });
    expect(r.report.incompleteReason).toMatch(/did not answer on http:\/\/127\.0\.0\.1:\d+\/ within 800 ms/);
  });

  it("a server that exits at start: exit 2 with its last output", async () => {
    const r = await serverRun("exits");
    expect(r.code).toBe(2);
    expect(r.report.incompleteReason).toMatch(/exited before it was ready \(code 4\).*cannot read configuration/);
  });

  it("a server that hangs on requests: each case fails server.alive within the timeout; the run finishes", async () => {
    const r = await serverRun("hang-requests", "--timeout", "300");
    expect(r.code).toBe(1);
    expect(r.report.complete).toBe(true);
    expect(r.report.failures.find((f) => f.check === "server.alive")?.message).toMatch(/no answer within 300 ms/);
  });

  it("a server that answers garbage fails the answer checks, not the kit", async () => {
    const r = await serverRun("garbage");
    expect(r.code).toBe(1);
    const checks = new Set(r.report.failures.map((f) => f.check));
    expect(checks).toContain("server.status");
    expect(checks).not.toContain("server.alive");
  });

  it("--server-url must be a loopback address", async () => {
    const r = await cli("run", "--server-url", "http://10.0.0.1:8080");
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/must be a loopback http URL/);
  });
});

describe("endpoint map from the config file", () => {
  it("drives the route the config names, and reports a bad key with exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-cfg-run-"));
    const cfg = join(dir, "conformance.config.json");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      cfg,
      JSON.stringify({
        server: {
          command: `node ${JSON.stringify(FAKE)}`,
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
    const r = await cli(
      "run",
      "--config",
      cfg,
      "--operations",
      "auth_token_api",
      "--runs",
      "18",
      "--variant-runs",
      "1",
      "--seed",
      "1",
      "--report-dir",
      dir,
      "--quiet",
    );
    const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8")) as Report;
    // The fake server echoes the path it was asked for in its body (two bodies per action: the fullest has a responseContent to compare).
    expect(report.failures.find((f) => f.check === "server.body")?.message).toMatch(/\/oauth\/token/);
    expect(r.code).toBe(1);
    writeFileSync(cfg, JSON.stringify({ server: { endpoint: [] } }));
    const bad = await cli("run", "--config", cfg);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown key "server\.endpoint"/);
  });
});
