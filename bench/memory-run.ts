/** One SDK run in its own process, for bench/memory.ts: prints {cases, peakRssMb, seconds} as JSON. */
import { resourceUsage } from "node:process";
import { runSdkTarget } from "../src/run/sdk-target.ts";
import { RUN_DEFAULTS } from "../src/run/options.ts";

const runs = Number(process.argv[2] ?? 100);
const start = performance.now();
const report = await runSdkTarget(
  { ...RUN_DEFAULTS, sdk: "fixtures/sdk/reference", seed: 1, runs, reportDir: "reports" },
  { kitVersion: "bench" },
);
process.stdout.write(
  `${JSON.stringify({ cases: report.summary.cases, peakRssMb: resourceUsage().maxRSS / 1024, seconds: (performance.now() - start) / 1000, exitCode: report.summary.exitCode })}\n`,
);
