import { describe, expect, it } from "vitest";
import { progressMode, progressReporter } from "./progress.ts";

function fake(mode: "live" | "lines" | "off") {
  let t = 0;
  const out: string[] = [];
  const p = progressReporter({ mode, write: (s) => void out.push(s), now: () => t, everyMs: 1000 });
  return { p, out, tick: (ms: number) => (t += ms) };
}

describe("progress", () => {
  it("chooses live only on a terminal outside CI, and nothing when quiet", () => {
    expect(progressMode(true, {}, false)).toBe("live");
    expect(progressMode(true, { CI: "true" }, false)).toBe("lines");
    expect(progressMode(false, {}, false)).toBe("lines");
    expect(progressMode(true, {}, true)).toBe("off");
  });

  it("prints periodic lines with done/total, failures, rate and ETA", () => {
    const { p, out, tick } = fake("lines");
    p.onEvent({ type: "started", operations: 2, cases: 100, seed: 1 });
    for (let k = 0; k < 50; k++) {
      tick(40);
      p.onEvent({ type: "case", operationId: "a", failures: k >= 10 ? 1 : 0 });
    }
    p.finish();
    expect(out).toContain("  [ 50%] 50/100 cases · 1 failure · 25 cases/s · ETA 2s\n");
    // One line per second of progress (every 25 cases) plus the final one, not one per case.
    expect(out.length).toBeLessThanOrEqual(4);
  });

  it("rewrites one live line and clears it before a warning and at the end", () => {
    const { p, out, tick } = fake("live");
    p.onEvent({ type: "started", operations: 1, cases: 10, seed: 1 });
    tick(2000);
    p.onEvent({ type: "case", operationId: "a", failures: 0 });
    p.onEvent({ type: "warning", message: "slow adapter" });
    p.finish();
    expect(out[0]).toMatch(/^\r\x1b\[2K\[ 10%\] 1\/10 cases/);
    expect(out.slice(1)).toEqual(["\r\x1b[2K", "  warning: slow adapter\n"]);
  });

  it("prints nothing when off", () => {
    const { p, out } = fake("off");
    p.onEvent({ type: "started", operations: 1, cases: 10, seed: 1 });
    p.onEvent({ type: "case", operationId: "a", failures: 0 });
    p.finish();
    expect(out).toEqual([]);
  });
});
