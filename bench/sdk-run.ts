/**
 * The whole default profile against the reference SDK: in process, then the same SDK behind the
 * stdio protocol. Reports cases/s, wall time and peak RSS, and the stdio overhead as a ratio.
 */
import { resourceUsage } from "node:process";
import { runSdkTarget } from "../src/run/sdk-target.ts";
import { RUN_DEFAULTS, type RunOptions } from "../src/run/options.ts";
import { caseRows } from "./case-counts.ts";
import { fmt, ratio, type Row } from "./measure.ts";

async function timed(
  sdk: string,
  extra: Partial<RunOptions> = {},
  conforms = true,
): Promise<{ seconds: number; cases: number; causes: number; isolated: number }> {
  const opts: RunOptions = { ...RUN_DEFAULTS, sdk, seed: 1, reportDir: "reports", ...extra };
  const start = performance.now();
  const report = await runSdkTarget(opts, { kitVersion: "bench" });
  if (conforms && report.summary.exitCode !== 0)
    throw new Error(`bench: ${sdk} did not conform (${report.summary.failures} failures)`);
  const isolated = report.causes.filter((c) =>
    report.failures.some((f) => f.fingerprint === c.example && f.isolated),
  ).length;
  return {
    seconds: (performance.now() - start) / 1000,
    cases: report.summary.cases,
    causes: report.causes.length,
    isolated,
  };
}

/** The faster of two runs: the first of a pair may pay for a busy machine, not for the kit. */
async function best(...args: Parameters<typeof timed>): Promise<Awaited<ReturnType<typeof timed>>> {
  const a = await timed(...args);
  const b = await timed(...args);
  return a.seconds <= b.seconds ? a : b;
}

export async function benchSdkRun(): Promise<Row[]> {
  // Warm-up: module loading, JIT and the coverage set (built once per contract) are paid once, not by the first measured run.
  await timed("fixtures/sdk/reference", { discipline: false });
  const inProcess = await best("fixtures/sdk/reference");
  const rss = resourceUsage().maxRSS / 1024;
  // The same profile as runs were before verdict discipline: no controls, splits or isolation.
  const before = await best("fixtures/sdk/reference", { discipline: false });
  // Isolation only costs when there is something to isolate: an SDK with three defects.
  const multi = await timed("fixtures/sdk/multi/typescript", {}, false);
  const multiBefore = await timed("fixtures/sdk/multi/typescript", { discipline: false }, false);
  const stdio = await timed("npx tsx fixtures/sdk/reference/stdio.ts");
  return [
    {
      section: "sdk run",
      metric: `default profile, ${fmt(inProcess.cases)} cases, in process, controls and isolation on: wall s`,
      kit: fmt(inProcess.seconds, 1),
      peer: "goal < 20",
      ratio: "",
    },
    {
      section: "sdk run",
      metric: `the same without controls, splits and isolation (${fmt(before.cases)} cases): wall s`,
      kit: fmt(inProcess.seconds, 1),
      peer: fmt(before.seconds, 1),
      ratio: `${ratio(inProcess.seconds, before.seconds)} (goal ≤ 1.3×)`,
    },
    {
      section: "sdk run",
      metric: `three-defect SDK: ${multi.causes} causes, ${multi.isolated} isolated, ${fmt(multi.cases)} cases: wall s`,
      kit: fmt(multi.seconds, 1),
      peer: fmt(multiBefore.seconds, 1),
      ratio: `${ratio(multi.seconds, multiBefore.seconds)} (without: ${multiBefore.causes} causes)`,
    },
    {
      section: "sdk run",
      metric: "cases/s (in process)",
      kit: fmt(inProcess.cases / inProcess.seconds),
      peer: "",
      ratio: "",
    },
    { section: "sdk run", metric: "peak RSS MB (in process run)", kit: fmt(rss), peer: "", ratio: "" },
    ...caseRows(RUN_DEFAULTS.profile, { seed: 1, runs: RUN_DEFAULTS.runs, variantRuns: RUN_DEFAULTS.variantRuns }),
    {
      section: "sdk run",
      metric: "same SDK over stdio vs in process: wall s",
      kit: fmt(stdio.seconds, 1),
      peer: fmt(inProcess.seconds, 1),
      ratio: `${ratio(stdio.seconds, inProcess.seconds)} overhead`,
    },
  ];
}
