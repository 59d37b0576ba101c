import type { Report } from "./model.ts";

/** The readable summary printed at the end of a run: totals, then each failure with its replay. */
export function summaryText(r: Report, opts: { maxFailures?: number } = {}): string {
  const max = opts.maxFailures ?? 20;
  const s = r.summary;
  const counts = (["pass", "fail", "warn", "skip", "error"] as const).map((k) => `${s.results[k] ?? 0} ${k}`).join(", ");
  const lines = [
    `${r.target.kind} ${r.target.spec} · profile ${r.profile} · seed ${r.seed}${r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : ""}`,
    `${s.operations} operations, ${s.cases} cases: ${counts}`,
  ];
  if (!r.complete) lines.push(`INCOMPLETE: ${r.incompleteReason ?? "the run stopped early"}; results are partial`);
  const skipped = new Map<string, string[]>();
  for (const o of r.operations.filter((x) => x.unsupported)) skipped.set(o.skipReason ?? "unsupported", [...(skipped.get(o.skipReason ?? "unsupported") ?? []), o.operationId]);
  for (const [why, ops] of skipped) lines.push(`skipped, ${why} (not failed): ${ops.length > 12 ? `${ops.length} operations` : ops.join(", ")}`);
  if (r.baseline) lines.push(`baseline ${r.baseline.file}: ${r.baseline.matched} of ${r.baseline.listed} known failures seen${r.baseline.fixed.length ? `; ${r.baseline.fixed.length} no longer fail, remove them: ${r.baseline.fixed.join(", ")}` : ""}`);
  // New failures first: known ones are listed after them, briefly.
  const ordered = [...r.failures.filter((f) => !f.baselined), ...r.failures.filter((f) => f.baselined)];
  const shown = ordered.slice(0, max);
  for (const f of shown) {
    lines.push("", `${f.baselined ? "KNOWN" : f.severity.toUpperCase()} ${f.check} · ${f.operationId}${f.action ? ` · action ${f.action}` : ""}${f.occurrences > 1 ? ` · ${f.occurrences} cases` : ""}`);
    for (const l of f.message.split("\n")) lines.push(`  ${l}`);
    if (f.path) lines.push(`  at ${f.path}`);
    if (f.note) lines.push(`  note: ${f.note}`);
    lines.push(`  replay: ${f.replay}`);
  }
  if (r.failures.length > shown.length) lines.push("", `… and ${r.failures.length - shown.length} more in the report`);
  lines.push("", s.exitCode === 0 ? `CONFORMS (${s.warnings} warnings${s.baselined ? `, ${s.baselined} known failures` : ""})` : s.exitCode === 1 ? `DOES NOT CONFORM: ${s.failures} distinct failures` : "ERROR: the run could not complete");
  return lines.join("\n");
}
