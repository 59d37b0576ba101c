/**
 * `npm run bench`: every section measures the kit and a peer on the same work in the same run and
 * prints ratios (machines are noisy; absolute numbers are for context only). Writes reports/bench.md.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_ROOT } from "../src/contracts/paths.ts";
import { benchGeneration } from "./generation.ts";
import { benchSdkRun } from "./sdk-run.ts";
import { benchServerRun } from "./server-run.ts";
import { benchMockThroughput } from "./mock-throughput.ts";
import { benchMemory } from "./memory.ts";
import { markdown, type Row } from "./measure.ts";

process.env.PACT_DO_NOT_TRACK = "true";
const sections: Array<[string, () => Row[] | Promise<Row[]>]> = [
  ["generation", benchGeneration],
  ["sdk-run", benchSdkRun],
  ["server-run", benchServerRun],
  ["mock", benchMockThroughput],
  ["memory", benchMemory],
];
const only = process.argv.slice(2);
const rows: Row[] = [];
for (const [name, fn] of sections) {
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  rows.push(...(await fn()));
}
const table = markdown(rows);
const text = `# conformance benchmark\n\n${new Date().toISOString()} · Node ${process.version} · ${process.platform}/${process.arch}\n\n${table}\n`;
mkdirSync(join(KIT_ROOT, "reports"), { recursive: true });
writeFileSync(join(KIT_ROOT, "reports", "bench.md"), text);
process.stdout.write(`${table}\n\nwritten to reports/bench.md\n`);
