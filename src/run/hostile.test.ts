/**
 * The hostile-target suite: miniature SDK adapters and servers that misbehave in one way each.
 * For every one, whole runs must report the affected cases as errors with a precise reason, go on
 * with the rest, write the report, exit as documented, stay within the timeouts, and leave no
 * process behind (checked by pid).
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import type { Report } from "../report/model.ts";
import { stillRunning } from "../targets/__fixtures__/processes.ts";

const FIXTURES = join(import.meta.dirname, "..", "targets", "__fixtures__");
/** Pids a fixture recorded, polled briefly: a killed group can take a moment to be reaped. */
const leftovers = (pidFile: string): Promise<number[]> =>
  stillRunning(
    existsSync(pidFile) ? readFileSync(pidFile, "utf8").trim().split("\n").filter(Boolean).map(Number) : [],
    2000,
  );

async function hostileRun(kind: "sdk" | "server", behaviour: string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), `conformance-hostile-${behaviour}-`));
  const env = { BEHAVIOUR: behaviour, PID_FILE: join(dir, "pids"), COUNTER_FILE: join(dir, "calls") };
  const target =
    kind === "sdk"
      ? [
          "--sdk",
          `node ${JSON.stringify(join(FIXTURES, "fake-adapter.mjs"))}`,
          ...Object.entries(env).flatMap(([k, v]) => ["--sdk-env", `${k}=${v}`]),
        ]
      : [
          "--server",
          `${Object.entries(env)
            .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
            .join(" ")} node ${JSON.stringify(join(FIXTURES, "fake-server.mjs"))}`,
        ];
  const ops = kind === "sdk" ? "service_get_api,client_get_api" : "auth_token_api,auth_userinfo_api";
  const t0 = Date.now();
  const r = await cli(
    "run",
    ...target,
    "--operations",
    ops,
    "--runs",
    "3",
    "--variant-runs",
    "0",
    "--seed",
    "1",
    "--timeout",
    "800",
    "--report-dir",
    dir,
    "--format",
    "json",
    "--quiet",
    ...extra,
  );
  const wallMs = Date.now() - t0;
  const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8")) as Report;
  return {
    ...r,
    wallMs,
    report,
    messages: report.failures.map((f) => f.message).join("\n"),
    left: await leftovers(env.PID_FILE),
  };
}

describe("hostile SDK adapters (stdio processes)", () => {
  it.each([
    ["crash", /adapter crash: adapter exited \(code 3\) during call.*panic: decoder blew up/s],
    ["hang", /adapter timeout: no answer to call within 800 ms/],
    ["slow", /adapter timeout: no answer to call within 800 ms/],
    ["garbage", /adapter garbage: .*this is not json/],
    ["partial", /adapter crash: .*unfinished line/],
    ["flood", /adapter garbage: /],
    ["exits-between", /adapter crash: adapter exited \(code 0\)/],
    ["wrong-seq", /adapter protocol: answer has seq 999, expected \d+/],
  ])(
    "%s: the case is an error with its reason, the rest runs, the report is written, nothing is left",
    async (behaviour, reason) => {
      const r = await hostileRun("sdk", behaviour);
      expect(r.code).toBe(1);
      expect(r.report.complete).toBe(true);
      expect(r.report.summary.results.error).toBeGreaterThanOrEqual(1);
      expect(r.report.summary.results.pass).toBeGreaterThan(20);
      expect(r.messages).toMatch(reason);
      expect(r.wallMs).toBeLessThan(20_000);
      expect(r.left).toEqual([]);
    },
    30_000,
  );

  it("never-starts: exit 2 within --ready-timeout, the reason in a partial report, nothing left", async () => {
    const r = await hostileRun("sdk", "never-starts", ["--ready-timeout", "600"]);
    expect(r.code).toBe(2);
    expect(r.report).toMatchObject({ complete: false, summary: { exitCode: 2, cases: 0 } });
    expect(r.report.incompleteReason).toMatch(/no answer to start within 600 ms/);
    expect(r.wallMs).toBeLessThan(10_000);
    expect(r.left).toEqual([]);
  }, 30_000);

  it("forks-child: a grandchild the adapter started does not outlive the run", async () => {
    const r = await hostileRun("sdk", "forks-child");
    // Its answers are not the SDK's decoding, so checks fail; what matters is the process group.
    expect(r.code).toBe(1);
    expect(r.report.complete).toBe(true);
    expect(r.left).toEqual([]);
  }, 30_000);

  it("hoards-connections: connections to the mock that are never read stall neither the mock nor the run", async () => {
    const [usual, r] = await Promise.all([hostileRun("sdk", "ok"), hostileRun("sdk", "hoards-connections")]);
    // Every call also asks the mock for real while 30 hoarded connections stay open: same verdicts.
    expect(r.report.summary.results).toEqual(usual.report.summary.results);
    expect(r.report.complete).toBe(true);
    expect(r.messages).not.toMatch(/the mock did not answer/);
    expect(r.wallMs).toBeLessThan(20_000);
    expect(r.left).toEqual([]);
  }, 30_000);
});

describe("hostile servers (real processes)", () => {
  it("huge-body: a 50 MB answer is cut, reported per case, and the run finishes", async () => {
    const r = await hostileRun("server", "huge-body", ["--operations", "auth_userinfo_api"]);
    expect(r.code).toBe(1);
    expect(r.report.complete).toBe(true);
    expect(r.messages).toMatch(/answer larger than 8 MB \(status 200\); stopped reading/);
    expect(r.wallMs).toBeLessThan(60_000);
    expect(r.left).toEqual([]);
  }, 90_000);

  it("never-reads: a server that accepts connections and never reads them fails server.alive per case; the run finishes", async () => {
    const r = await hostileRun("server", "never-reads", ["--operations", "auth_userinfo_api"]);
    expect(r.code).toBe(1);
    expect(r.report.complete).toBe(true);
    expect(r.report.summary.results.pass ?? 0).toBe(0);
    expect(r.report.failures.find((f) => f.check === "server.alive")?.message).toMatch(/no answer within 800 ms/);
    expect(r.wallMs).toBeLessThan(60_000);
    expect(r.left).toEqual([]);
  }, 90_000);

  it("dies-mid-run: the dead server's case fails server.alive, the server is restarted, the run finishes", async () => {
    const r = await hostileRun("server", "dies-mid-run");
    expect(r.code).toBe(1);
    expect(r.report.complete).toBe(true);
    expect(r.report.failures.some((f) => f.check === "server.alive")).toBe(true);
    expect(r.report.summary.cases).toBeGreaterThan(10);
    expect(r.left).toEqual([]);
  }, 90_000);
});

/** A whole run against an adapter module in its worker, hostile in one way on its first call. */
async function moduleRun(behaviour: string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), `conformance-hostile-module-${behaviour}-`));
  const t0 = Date.now();
  const r = await cli(
    "run",
    "--sdk",
    join(FIXTURES, "hostile-module.mjs"),
    "--sdk-env",
    `BEHAVIOUR=${behaviour}`,
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
    "--timeout",
    "800",
    "--report-dir",
    dir,
    "--format",
    "json",
    "--quiet",
    ...extra,
  );
  const wallMs = Date.now() - t0;
  const reportFile = join(dir, "conformance-report.json");
  const report = JSON.parse(readFileSync(reportFile, "utf8")) as Report;
  return {
    ...r,
    wallMs,
    report,
    reportBytes: statSync(reportFile).size,
    messages: report.failures.map((f) => f.message).join("\n"),
  };
}

describe("hostile SDK adapters (modules, isolated in a worker thread)", () => {
  it.each([
    ["exit", /adapter crash: adapter exited \(code 0\) during call/],
    ["loop", /adapter timeout: no answer to call within 800 ms \(adapter worker terminated/],
    [
      "reject",
      /adapter crash: adapter crashed \(unhandled rejection: Error: dangling parse of an empty body\) during call/,
    ],
    ["error-event", /adapter crash: adapter crashed \(uncaught exception: Error: socket hang up\) during call/],
    ["pollute", /adapter crash: Object\.prototype was polluted \(added polluted\) during the call/],
  ])(
    "%s: that case is an error with its reason, the adapter is restarted, the rest runs, the report is written",
    async (behaviour, reason) => {
      const r = await moduleRun(behaviour);
      expect(r.code).toBe(1);
      expect(r.report.complete).toBe(true);
      expect(r.report.summary.results.error).toBeGreaterThanOrEqual(1);
      expect(r.messages).toMatch(reason);
      // Later calls reached a fresh adapter: the module answers them (its checks then judge the answers).
      expect(r.report.summary.cases).toBeGreaterThan(20);
      expect(r.wallMs).toBeLessThan(30_000);
      expect(Object.prototype).not.toHaveProperty("polluted");
    },
    60_000,
  );

  it("huge-error: a 20 MB error message is capped before it is stored; the report stays small", async () => {
    const r = await moduleRun("huge-error", ["--timeout", "10000"]);
    expect(r.code).toBe(1);
    expect(r.messages).toMatch(/boom x+… \(\d+ characters, cut\)/);
    expect(r.reportBytes).toBeLessThan(512 * 1024);
  }, 60_000);
});

describe("nothing computed is lost to a bad output path", () => {
  const stdio = [
    "--sdk",
    `node ${JSON.stringify(join(FIXTURES, "fake-adapter.mjs"))}`,
    "--operations",
    "service_get_api",
    "--runs",
    "2",
    "--variant-runs",
    "0",
    "--seed",
    "1",
    "--quiet",
  ];
  it.each([
    [
      "a --report-dir that is a file",
      (dir: string) => ["--report-dir", join(dir, "file")],
      /--report-dir .*file: it exists and is not a folder/,
    ],
    [
      "a --report-dir under /proc",
      () => ["--report-dir", "/proc/no-such-process/reports"],
      /--report-dir \/proc\/no-such-process\/reports: .*cannot create or write there/,
    ],
    [
      "a --baseline that is a folder, with --update-baseline",
      (dir: string) => ["--baseline", dir, "--update-baseline", "--report-dir", join(dir, "out")],
      /conformance-outpath-\w+: is a folder, not a file/,
    ],
  ])(
    "%s is refused before the run starts, in one line, exit 2",
    async (_what, args, why) => {
      const dir = mkdtempSync(join(tmpdir(), "conformance-outpath-"));
      writeFileSync(join(dir, "file"), "");
      const pids = join(dir, "pids");
      const t0 = Date.now();
      const r = await cli("run", ...stdio, "--sdk-env", `PID_FILE=${pids}`, ...args(dir));
      expect(r.code).toBe(2);
      expect(r.err).toMatch(why);
      expect(r.err.trim().split("\n")).toHaveLength(1);
      expect(existsSync(pids)).toBe(false); // no target was started
      expect(Date.now() - t0).toBeLessThan(5000);
    },
    30_000,
  );

  it("--update-baseline into a folder that does not exist yet creates it and keeps the results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-outpath-"));
    const baseline = join(dir, "not", "yet", "expected-failures.json");
    const r = await cli("run", ...stdio, "--baseline", baseline, "--update-baseline", "--report-dir", join(dir, "out"));
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(baseline, "utf8"))).toMatchObject({ format: "conformance-baseline" });
    expect(readdirSync(dirname(baseline))).toEqual(["expected-failures.json"]);
  }, 30_000);
});

describe("an adapter module path with spaces", () => {
  it("is loaded as a module, never run as a shell command", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "conformance-spaces-")), "my adapters");
    mkdirSync(dir);
    copyFileSync(join(FIXTURES, "module-adapter.mjs"), join(dir, "adapter.mjs"));
    const r = await cli(
      "run",
      "--sdk",
      join(dir, "adapter.mjs"),
      "--operations",
      "service_get_api",
      "--runs",
      "2",
      "--variant-runs",
      "0",
      "--seed",
      "1",
      "--report-dir",
      join(dir, "out"),
      "--format",
      "json",
      "--quiet",
    );
    const report = JSON.parse(readFileSync(join(dir, "out", "conformance-report.json"), "utf8")) as Report;
    expect(report.target.handshake).toMatchObject({ name: "module-adapter" });
    expect(report.summary.cases).toBeGreaterThan(0);
    expect(r.code).toBe(1); // its answers are not the SDK's decoding; what matters is that it ran
  }, 30_000);
});
