import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import { stillRunning } from "../targets/__fixtures__/processes.ts";

const FIXTURES = join(KIT_ROOT, "src", "targets", "__fixtures__");

// A server target on Ctrl-C, an SDK adapter on SIGTERM: both stopped, the partial report kept.
const CASES = [
  { signal: "SIGINT", kind: "server", target: (pids: string) => `PID_FILE=${JSON.stringify(pids)} node ${JSON.stringify(join(FIXTURES, "fake-server.mjs"))}` },
  { signal: "SIGTERM", kind: "sdk", target: (pids: string) => `PID_FILE=${JSON.stringify(pids)} BEHAVIOUR=ok node ${JSON.stringify(join(FIXTURES, "fake-adapter.mjs"))}` },
] as const;

describe("interrupts", () => {
  for (const { signal, kind, target } of CASES) {
    it(`${signal} during a ${kind} run stops the target, writes a partial report marked incomplete, exits non-zero`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "conformance-int-"));
      const pids = join(dir, "pids");
      const child = spawn(process.execPath, [join(KIT_ROOT, "bin", "conformance.js"), "run", `--${kind}`, target(pids), "--operations", "auth_token_api", "--runs", "5000", "--concurrency", "1", "--seed", "1", "--report-dir", dir, "--quiet"], { stdio: "ignore" });
      try {
        const until = Date.now() + 20_000;
        while (Date.now() < until && !existsSync(pids)) await new Promise((r) => setTimeout(r, 100));
        await new Promise((r) => setTimeout(r, 1500)); // let some cases run
        const code = new Promise<number | null>((ok) => child.once("exit", (c) => ok(c)));
        child.kill(signal);
        expect(await Promise.race([code, new Promise((r) => setTimeout(() => r("timeout"), 15_000))])).toBe(1);
        const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"));
        expect(report).toMatchObject({ complete: false, incompleteReason: "interrupted" });
        expect(report.summary.cases).toBeGreaterThan(0);
        const started = readFileSync(pids, "utf8").trim().split("\n").map(Number);
        expect(await stillRunning(started, 5000)).toEqual([]);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    }, 60_000);
  }
});
