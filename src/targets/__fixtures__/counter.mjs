// Counts a miniature's calls across restarts (in COUNTER_FILE when set), so "the first call" means
// the first of the whole test, not of the adapter's current process.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

let memory = 0;

export function nextCall() {
  const f = process.env.COUNTER_FILE;
  if (!f) return ++memory;
  const n = (existsSync(f) ? Number(readFileSync(f, "utf8")) : 0) + 1;
  writeFileSync(f, String(n));
  return n;
}
