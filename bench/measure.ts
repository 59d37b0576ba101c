/** Small helpers shared by the benchmark sections: timing, ratios and table rows. */
export interface Row {
  section: string;
  metric: string;
  kit: string;
  peer: string;
  ratio: string;
}

/** Runs `fn` until at least `minMs` passed (and at least once); returns operations per second. */
export function rate(fn: () => number, minMs = 1500): { perSecond: number; total: number; seconds: number } {
  const start = performance.now();
  let total = 0;
  do total += fn();
  while (performance.now() - start < minMs);
  const seconds = (performance.now() - start) / 1000;
  return { perSecond: total / seconds, total, seconds };
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
export const ratio = (a: number, b: number): string => (b > 0 ? `${fmt(a / b, 1)}×` : "∞");

/** Renders rows as a Markdown table. */
export function markdown(rows: Row[]): string {
  const head = "| section | metric | conformance | peer | ratio |\n|---|---|---:|---:|---:|";
  return [head, ...rows.map((r) => `| ${r.section} | ${r.metric} | ${r.kit} | ${r.peer} | ${r.ratio} |`)].join("\n");
}
