/**
 * Bounded memory: the same SDK run at ~10k and ~100k cases, each in a fresh process. A run keeps
 * counts and the first case per failure, not bodies, so peak RSS should stay flat: the ratio of
 * the two peaks is the figure to watch (1.0× is perfectly flat).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { KIT_ROOT } from "../src/contracts/paths.ts";
import { fmt, ratio, type Row } from "./measure.ts";

function measure(runs: number): { cases: number; peakRssMb: number; seconds: number } {
  const out = execFileSync(
    process.execPath,
    [join(KIT_ROOT, "node_modules/tsx/dist/cli.mjs"), join(KIT_ROOT, "bench/memory-run.ts"), String(runs)],
    { cwd: KIT_ROOT, encoding: "utf8", timeout: 900_000, env: { ...process.env, PACT_DO_NOT_TRACK: "true" } },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!) as { cases: number; peakRssMb: number; seconds: number };
}

export function benchMemory(): Row[] {
  const small = measure(100);
  const large = measure(1150);
  return [
    {
      section: "memory",
      metric: `peak RSS MB, ${fmt(large.cases)} cases vs ${fmt(small.cases)} cases (fresh processes)`,
      kit: fmt(large.peakRssMb),
      peer: fmt(small.peakRssMb),
      ratio: `${ratio(large.peakRssMb, small.peakRssMb)} (flat = 1.0×)`,
    },
    {
      section: "memory",
      metric: `wall s for ${fmt(large.cases)} cases`,
      kit: fmt(large.seconds, 1),
      peer: fmt(small.seconds, 1),
      ratio: ratio(large.seconds, small.seconds),
    },
  ];
}
