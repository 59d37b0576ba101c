/**
 * Interrupts, as CI sends them: GitHub Actions cancels a job with SIGINT, then SIGTERM 7.5 s later,
 * then SIGKILL 2.5 s after that. Against SDK runs (a stdio adapter process, an adapter module in
 * its worker) and server runs, during start-up, mid-case and mid-report, the kit must stop within
 * the first step, write its partial report, exit 1 (never be SIGKILLed), and leave nothing running
 * (checked with `ps`: no pid the targets recorded, no process in their groups, no command line
 * naming the test's folder).
 *
 * The sequence's delays are GitHub's; the test stops waiting as soon as the kit has exited, so a
 * kit that stops promptly costs no more than that. CANCEL_SEQUENCE_SCALE scales them (e.g. 0.2 on
 * a slow machine to keep the suite short): the kit's own bounds are not scaled, so a smaller scale
 * only makes the test stricter.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import type { Report } from "../report/model.ts";

const FIXTURES = join(KIT_ROOT, "src", "targets", "__fixtures__");
const SCALE = Number(process.env.CANCEL_SEQUENCE_SCALE ?? 1);
const q = JSON.stringify;

/** Processes still running that belong to the test: recorded pids, members of their groups, or naming `marker`. */
function leftovers(pids: number[], marker: string): string[] {
  const table = execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" });
  return table
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => {
      const [pid, pgid] = l.split(/\s+/, 2).map(Number);
      return l && !l.includes("ps -eo") && (pids.includes(pid!) || pids.includes(pgid!) || l.includes(marker));
    });
}

/** Files in the report folder other than the reports and the fixtures' own (a temporary file left behind, say). */
const KNOWN = [
  "conformance-report.html",
  "conformance-report.json",
  "conformance-report.junit.xml",
  "conformance-report.md",
  "pids",
  "calls",
];
const strays = (dir: string) => readdirSync(dir).filter((f) => !KNOWN.includes(f));

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
    if (cond()) return true;
  return cond();
}

/** SIGINT; SIGTERM 7.5 s later; SIGKILL 2.5 s after that, each only if the kit is still running. */
async function cancel(
  child: ChildProcess,
  exited: Promise<{ code: number | null; signal: string | null }>,
  firstGapMs = 7500 * SCALE,
  secondGapMs = 2500 * SCALE,
): Promise<{ code: number | null; signal: string | null; sent: string[] }> {
  const sent: string[] = [];
  const within = (ms: number) =>
    Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  for (const [signal, wait] of [
    ["SIGINT", firstGapMs],
    ["SIGTERM", secondGapMs],
    ["SIGKILL", 5000],
  ] as const) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    child.kill(signal);
    sent.push(signal);
    if (await within(wait)) break;
  }
  return { ...(await exited), sent };
}

interface Scenario {
  kind: "sdk" | "server";
  /** Target arguments; `dir` is the test's folder (its name is the marker ps looks for). */
  target(dir: string): string[];
  /** True once the moment to interrupt has come. */
  ready(dir: string): boolean;
  env?: Record<string, string>;
  extra?: string[];
}

const stdio = (behaviour: string) => (dir: string) => [
  "--sdk",
  `BEHAVIOUR=${behaviour} FORK=1 PID_FILE=${q(join(dir, "pids"))} COUNTER_FILE=${q(join(dir, "calls"))} node ${q(join(FIXTURES, "fake-adapter.mjs"))} ${q(dir)}`,
];
const server = (behaviour: string) => (dir: string) => [
  "--server",
  `BEHAVIOUR=${behaviour} FORK=1 PID_FILE=${q(join(dir, "pids"))} node ${q(join(FIXTURES, "fake-server.mjs"))} ${q(dir)}`,
];
const module = (behaviour: string) => (dir: string) => [
  "--sdk",
  join(FIXTURES, "hostile-module.mjs"),
  "--sdk-env",
  `BEHAVIOUR=${behaviour}`,
  "--sdk-env",
  `COUNTER_FILE=${join(dir, "calls")}`,
];
const has = (name: string) => (dir: string) => existsSync(join(dir, name));
const pidsWritten = (n: number) => (dir: string) =>
  existsSync(join(dir, "pids")) && readFileSync(join(dir, "pids"), "utf8").trim().split("\n").length >= n;

const SCENARIOS: Record<string, Scenario> = {
  "an SDK run during start-up (the adapter never answers start)": {
    kind: "sdk",
    target: stdio("never-starts"),
    ready: pidsWritten(2),
    extra: ["--ready-timeout", "60000"],
  },
  "an SDK run mid-case (a call that never returns)": {
    kind: "sdk",
    target: stdio("hang"),
    ready: has("calls"),
    extra: ["--timeout", "60000"],
  },
  "an SDK run mid-case (an adapter module looping for ever in its worker)": {
    kind: "sdk",
    target: module("loop"),
    ready: has("calls"),
    extra: ["--timeout", "60000"],
  },
  "a server run during start-up (the server never gets ready)": {
    kind: "server",
    target: server("never-ready"),
    ready: pidsWritten(2),
    extra: ["--ready-timeout", "60000"],
  },
  "a server run mid-case (the server never answers)": {
    kind: "server",
    target: server("hang-requests"),
    ready: pidsWritten(2),
    extra: ["--timeout", "60000"],
  },
  "an SDK run mid-report (the interrupt lands while the reports are written)": {
    kind: "sdk",
    target: stdio("ok"),
    ready: has("conformance-report.json"),
    env: { CONFORMANCE_TEST_WRITE_PAUSE_MS: "700" },
  },
};

function start(s: Scenario, dir: string) {
  const args = [
    join(KIT_ROOT, "bin", "conformance.js"),
    "run",
    ...s.target(dir),
    "--operations",
    s.kind === "sdk" ? "service_get_api" : "auth_userinfo_api",
    "--runs",
    "2",
    "--variant-runs",
    "0",
    "--seed",
    "1",
    "--report-dir",
    dir,
    "--quiet",
    ...(s.extra ?? []),
  ];
  const child = spawn(process.execPath, args, {
    stdio: ["ignore", "ignore", "pipe"],
    env: { ...process.env, ...s.env },
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((ok) =>
    child.once("exit", (code, signal) => ok({ code, signal })),
  );
  return { child, exited, stderr: () => stderr };
}

describe("interrupts: the GitHub Actions cancel sequence", () => {
  for (const [name, s] of Object.entries(SCENARIOS)) {
    it(`${name}: stops within the first step, writes the partial report, exits 1, leaves nothing`, async () => {
      const dir = mkdtempSync(join(tmpdir(), "conformance-cancel-"));
      const { child, exited, stderr } = start(s, dir);
      try {
        expect(await until(() => s.ready(dir) || child.exitCode !== null, 30_000)).toBe(true);
        expect(child.exitCode).toBeNull();
        const t0 = Date.now();
        const r = await cancel(child, exited);
        expect({ ...r, stderr: stderr() }).toMatchObject({
          code: s.env ? expect.any(Number) : 1,
          signal: null,
          sent: ["SIGINT"],
        });
        expect(Date.now() - t0).toBeLessThan(7500);
        const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8")) as Report;
        // Mid-report, the run was over: its report is complete; otherwise it is partial, and says why.
        if (s.env) expect(report.complete).toBe(true);
        else expect(report).toMatchObject({ complete: false, incompleteReason: expect.stringMatching(/^interrupted/) });
        expect(strays(dir)).toEqual([]);
        const pids = existsSync(join(dir, "pids"))
          ? readFileSync(join(dir, "pids"), "utf8").trim().split("\n").map(Number)
          : [];
        expect(await until(() => leftovers(pids, dir).length === 0, 3000)).toBe(true);
      } finally {
        if (child.exitCode === null) child.kill("SIGKILL");
      }
    }, 60_000);
  }

  it("a second interrupt during the report write waits for it (bounded to 2 s): every format is written, no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-cancel-"));
    const { child, exited, stderr } = start(
      {
        ...SCENARIOS["an SDK run mid-report (the interrupt lands while the reports are written)"]!,
        env: { CONFORMANCE_TEST_WRITE_PAUSE_MS: "400" },
      },
      dir,
    );
    try {
      expect(
        await until(() => existsSync(join(dir, "conformance-report.json")) || child.exitCode !== null, 30_000),
      ).toBe(true);
      const r = await cancel(child, exited, 100);
      expect(r.sent).toEqual(["SIGINT", "SIGTERM"]);
      expect(r.signal, stderr()).toBeNull();
      expect(
        readdirSync(dir)
          .filter((f) => f.startsWith("conformance-report"))
          .sort(),
      ).toEqual([
        "conformance-report.html",
        "conformance-report.json",
        "conformance-report.junit.xml",
        "conformance-report.md",
      ]);
      expect(strays(dir)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);

  it("a second interrupt during a report write that never ends exits within 2 s: the JSON report is there, no temporary file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-cancel-"));
    const { child, exited, stderr } = start(
      {
        ...SCENARIOS["an SDK run mid-report (the interrupt lands while the reports are written)"]!,
        env: { CONFORMANCE_TEST_WRITE_PAUSE_MS: "30000" },
      },
      dir,
    );
    try {
      expect(
        await until(() => existsSync(join(dir, "conformance-report.json")) || child.exitCode !== null, 30_000),
      ).toBe(true);
      const t0 = Date.now();
      // GitHub's SIGKILL would come 2.5 s after SIGTERM; the kit's bound is 2 s (a loaded machine gets some slack).
      const r = await cancel(child, exited, 100, 10_000);
      expect(r).toMatchObject({ code: 1, signal: null, sent: ["SIGINT", "SIGTERM"] });
      expect(Date.now() - 100 - t0).toBeLessThan(2000 + 500);
      expect(stderr()).toMatch(/the partial report could not be written in time/);
      expect(JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"))).toMatchObject({
        format: "conformance-report",
      });
      expect(strays(dir)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);

  it("SIGHUP is an interrupt too", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-cancel-"));
    const { child, exited } = start(SCENARIOS["an SDK run mid-case (a call that never returns)"]!, dir);
    try {
      expect(await until(() => existsSync(join(dir, "calls")), 30_000)).toBe(true);
      child.kill("SIGHUP");
      expect(await exited).toEqual({ code: 1, signal: null });
      expect(JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"))).toMatchObject({ complete: false });
      const pids = readFileSync(join(dir, "pids"), "utf8").trim().split("\n").map(Number);
      expect(await until(() => leftovers(pids, dir).length === 0, 3000)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});

describe("a run never exits 0 without its verdict", () => {
  it("process.exit(0) called inside the kit's process mid-run ends it with 2 and a line saying so", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-exit0-"));
    const child = spawn(
      process.execPath,
      [
        "--import",
        join(KIT_ROOT, "src", "cli", "__fixtures__", "exit-zero-later.mjs"),
        join(KIT_ROOT, "bin", "conformance.js"),
        "run",
        ...stdio("never-starts")(dir),
        "--ready-timeout",
        "60000",
        "--operations",
        "service_get_api",
        "--report-dir",
        dir,
        "--quiet",
      ],
      { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, EXIT_AFTER_MS: "8000" } },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    try {
      const code = await new Promise((ok) => child.once("exit", ok));
      expect(code).toBe(2);
      expect(stderr).toMatch(/the process ended before the command finished; no verdict was written/);
      const pids = existsSync(join(dir, "pids"))
        ? readFileSync(join(dir, "pids"), "utf8").trim().split("\n").map(Number)
        : [];
      expect(await until(() => leftovers(pids, dir).length === 0, 3000)).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  }, 60_000);
});
