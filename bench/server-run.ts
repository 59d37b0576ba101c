/**
 * Every mapped operation × every action × ≥20 cases against the reference server, plus each
 * follow-up action, unknown actions, the whole upstream fault catalogue on every route (the
 * timeouts in one batch) and the public-route probes (goal: < 60 s).
 * The mock-throughput comparison against Prism is not measured yet (issue 6 stays open for it).
 */
import { RUN_DEFAULTS } from "../src/run/options.ts";
import { runServer } from "../src/run/server-run.ts";
import { fmt, type Row } from "./measure.ts";

export async function benchServerRun(): Promise<Row[]> {
  const start = performance.now();
  const report = await runServer(
    { ...RUN_DEFAULTS, runs: 20, runsPerAction: 20, seed: 1, server: "npx tsx fixtures/server/reference/server.ts" },
    { kitVersion: "bench" },
  );
  const seconds = (performance.now() - start) / 1000;
  if (report.summary.exitCode !== 0)
    throw new Error(`bench: the reference server did not conform (${report.summary.failures} failures)`);
  const driven = report.operations.filter((o) => !o.unsupported && o.operationId !== "public_routes").length;
  return [
    {
      section: "server run",
      metric: `${driven} mapped operations × every action × 20 cases, each follow-up action, unknown actions, 11 upstream faults on every route, public routes (${fmt(report.summary.cases)} cases): wall s`,
      kit: fmt(seconds, 1),
      peer: "goal < 60",
      ratio: "",
    },
    {
      section: "server run",
      metric: "cases/s against the reference server",
      kit: fmt(report.summary.cases / seconds),
      peer: "",
      ratio: "",
    },
  ];
}
