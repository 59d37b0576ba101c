import type { RunEvent } from "../run/options.ts";

/** How progress is shown: a live line on a terminal, periodic lines in CI and pipes, or nothing. */
export type ProgressMode = "live" | "lines" | "off";

export interface ProgressOptions {
  mode: ProgressMode;
  /** Raw write to stderr (no newline added). */
  write(text: string): void;
  now?: () => number;
  /** Minimum time between two periodic lines. */
  everyMs?: number;
}

/** live on a terminal outside CI, lines otherwise (CI=true or not a TTY). */
export function progressMode(isTty: boolean, env: NodeJS.ProcessEnv, quiet: boolean): ProgressMode {
  if (quiet) return "off";
  return isTty && env.CI !== "true" && env.CI !== "1" && env.TERM !== "dumb" ? "live" : "lines";
}

const duration = (ms: number) =>
  ms < 60_000
    ? `${Math.ceil(ms / 1000)}s`
    : `${Math.floor(ms / 60_000)}m${String(Math.round((ms % 60_000) / 1000)).padStart(2, "0")}s`;

/** Turns run events into progress output: cases done/total, failures so far, rate and ETA. */
export function progressReporter(opts: ProgressOptions): { onEvent(e: RunEvent): void; finish(): void } {
  const now = opts.now ?? Date.now;
  const every = opts.everyMs ?? (opts.mode === "live" ? 100 : 10_000);
  let total = 0;
  let done = 0;
  let failures = 0;
  let started = now();
  let last = 0;
  let live = false;
  const line = () => {
    const elapsed = now() - started;
    const rate = elapsed > 0 ? (done / elapsed) * 1000 : 0;
    const pct = total ? Math.floor((done / total) * 100) : 0;
    const eta = rate > 0 && total > done ? ` · ETA ${duration(((total - done) / rate) * 1000)}` : "";
    return `[${String(pct).padStart(3)}%] ${done}/${total} cases · ${failures} failure${failures === 1 ? "" : "s"} · ${Math.round(rate)} cases/s${eta}`;
  };
  const clear = () => {
    if (live) opts.write("\r\x1b[2K");
    live = false;
  };
  const show = (force: boolean) => {
    const t = now();
    if (!force && t - last < every) return;
    last = t;
    if (opts.mode === "live") {
      opts.write(`\r\x1b[2K${line()}`);
      live = true;
    } else opts.write(`  ${line()}\n`);
  };
  return {
    onEvent(e) {
      if (opts.mode === "off") return;
      switch (e.type) {
        case "started":
          total = e.cases;
          started = now();
          last = started;
          break;
        case "case":
          done++;
          failures = e.failures;
          show(false);
          break;
        case "operation":
          break;
        case "warning":
          clear();
          opts.write(`  warning: ${e.message}\n`);
          break;
      }
    },
    finish() {
      if (opts.mode === "off" || !total) return;
      clear();
      if (opts.mode === "lines" && done) opts.write(`  ${line()}\n`);
    },
  };
}
