/** The stdio adapter inside a whole run: failures stay per case, and start-up failures exit 2. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";

const FAKE = join(import.meta.dirname, "__fixtures__", "fake-adapter.mjs");

describe("a run against a miniature adapter", () => {
  it("reports the crashed case as an error, restarts the adapter, continues, and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-run-"));
    const r = await cli(
      "run",
      "--sdk",
      `node ${JSON.stringify(FAKE)}`,
      "--sdk-env",
      "BEHAVIOUR=crash",
      "--sdk-env",
      `COUNTER_FILE=${join(dir, "calls")}`,
      "--operations",
      "service_get_api,client_get_api",
      "--runs",
      "3",
      "--variant-runs",
      "0",
      "--seed",
      "1",
      "--report-dir",
      dir,
      "--timeout",
      "5000",
      "--quiet",
    );
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"));
    expect(report.summary.results.error).toBeGreaterThan(0);
    expect(report.summary.results.pass).toBeGreaterThan(0);
    expect(report.failures.map((f: { message: string }) => f.message)).toContainEqual(
      expect.stringMatching(/adapter crash: adapter exited \(code 3\) during call; stderr: panic: decoder blew up/),
    );
  });

  it("exits 2 with a clear line and a partial report when the adapter cannot start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-run-"));
    const r = await cli(
      "run",
      "--sdk",
      "definitely-not-a-command-xyz",
      "--operations",
      "service_get_api",
      "--report-dir",
      dir,
      "--quiet",
    );
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ERROR: the run could not complete/);
    const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"));
    expect(report).toMatchObject({ complete: false, summary: { exitCode: 2 } });
    expect(report.incompleteReason).toMatch(/did not start: adapter exited \(code 127\)/);
  });
});
