/**
 * The whole default profile against the reference SDK: in process, then the same SDK behind the
 * stdio protocol. Reports cases/s, wall time and peak RSS, and the stdio overhead as a ratio.
 */
import { resourceUsage } from "node:process";
import { runSdkTarget } from "../src/run/sdk-target.ts";
import { RUN_DEFAULTS, type RunOptions } from "../src/run/options.ts";
import { fmt, ratio, type Row } from "./measure.ts";

async function timed(sdk: string): Promise<{ seconds: number; cases: number }> {
  const opts: RunOptions = { ...RUN_DEFAULTS, sdk, seed: 1, reportDir: "reports" };
  const start = performance.now();
  const report = await runSdkTarget(opts, { kitVersion: "bench" });
  if (report.summary.exitCode !== 0) throw new Error(`bench: ${sdk} did not conform (${report.summary.failures} failures)`);
  return { seconds: (performance.now() - start) / 1000, cases: report.summary.cases };
}

export async function benchSdkRun(): Promise<Row[]> {
  const inProcess = await timed("fixtures/sdk/reference");
  const rss = resourceUsage().maxRSS / 1024;
  const stdio = await timed("npx tsx fixtures/sdk/reference/stdio.ts");
  return [
    { section: "sdk run", metric: `default profile, ${fmt(inProcess.cases)} cases, in process: wall s`, kit: fmt(inProcess.seconds, 1), peer: "goal < 20", ratio: "" },
    { section: "sdk run", metric: "cases/s (in process)", kit: fmt(inProcess.cases / inProcess.seconds), peer: "", ratio: "" },
    { section: "sdk run", metric: "peak RSS MB (in process run)", kit: fmt(rss), peer: "", ratio: "" },
    { section: "sdk run", metric: "same SDK over stdio vs in process: wall s", kit: fmt(stdio.seconds, 1), peer: fmt(inProcess.seconds, 1), ratio: `${ratio(stdio.seconds, inProcess.seconds)} overhead` },
  ];
}
