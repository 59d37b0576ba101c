import { describeValue } from "./causes.ts";
import type { Report, ReportCause, ReportFailure } from "./model.ts";

/** Where a cause was seen, in one line: operations and their actions, shortened. */
export function affectsText(c: ReportCause, maxOps = 3): string {
  const ops = c.affects
    .slice(0, maxOps)
    .map(
      (a) =>
        `${a.operationId} (${a.actions.length > 4 ? `${a.actions.slice(0, 4).join(", ")} and ${a.actions.length - 4} more` : a.actions.join(", ")})`,
    );
  return `${ops.join("; ")}${c.affects.length > maxOps ? `; and ${c.affects.length - maxOps} more operations` : ""}`;
}

/** The entry a cause shows as its example. */
export const exampleOf = (r: Report, c: ReportCause): ReportFailure | undefined =>
  r.failures.find((f) => f.fingerprint === c.example);

/** The checks a cause was seen by beyond the one it is named after, in one line. */
export const alsoSeen = (c: ReportCause): string | undefined =>
  c.checks && c.checks.length > 1
    ? `also seen as ${c.checks.slice(1).join(", ")} (consequences of the same failure)`
    : undefined;

/** The target's log lines written during the example case, as evidence (at most `max`). */
export const logLines = (f: ReportFailure, max = 8): string[] =>
  (f.log ?? [])
    .slice(0, max)
    .concat(f.log && f.log.length > max ? [`… ${f.log.length - max} more lines in the JSON report`] : []);

/** What a cause's isolation found, in one line (or why it was not isolated). */
export function isolationText(f: ReportFailure): string | undefined {
  if (f.isolated) {
    const where = f.isolated.culprits.length
      ? f.isolated.culprits.map((x) => describeValue(x.path, x.value)).join(" and ")
      : "the minimal body (no optional property needed)";
    return `isolated: fails with ${where}${f.isolated.complete ? "" : " (reduction cut short by its budget)"}`;
  }
  return f.notIsolated ? `not isolated: ${f.notIsolated}` : undefined;
}

const label = (c: ReportCause, strict: boolean) =>
  c.baselined ? "KNOWN" : c.severity === "warn" && !strict ? "WARN" : c.severity.toUpperCase();

/** The readable summary printed at the end of a run: totals, then each cause with its minimal example and replay. */
export function summaryText(r: Report, opts: { maxCauses?: number } = {}): string {
  const max = opts.maxCauses ?? 20;
  const s = r.summary;
  const counts = (["pass", "fail", "warn", "skip", "error"] as const)
    .map((k) => `${s.results[k] ?? 0} ${k}`)
    .join(", ");
  const lines = [
    `${r.target.kind} ${r.target.spec} · profile ${r.profile} · seed ${r.seed}${r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : ""}`,
    `${s.operations} operations, ${s.cases} cases: ${counts}`,
  ];
  if (!r.complete) lines.push(`INCOMPLETE: ${r.incompleteReason ?? "the run stopped early"}; results are partial`);
  const skipped = new Map<string, string[]>();
  for (const o of r.operations.filter((x) => x.unsupported))
    skipped.set(o.skipReason ?? "unsupported", [...(skipped.get(o.skipReason ?? "unsupported") ?? []), o.operationId]);
  for (const [why, ops] of skipped)
    lines.push(`skipped, ${why} (not failed): ${ops.length > 12 ? `${ops.length} operations` : ops.join(", ")}`);
  const cannot = new Map<string, string[]>();
  for (const o of r.operations.filter((x) => x.unsupportedParameters?.length)) {
    const key = o.unsupportedParameters!.join(", ");
    cannot.set(key, [...(cannot.get(key) ?? []), o.operationId]);
  }
  for (const [params, ops] of cannot)
    lines.push(
      `parameters the SDK cannot take, not asked (not failed): ${params} on ${ops.length > 12 ? `${ops.length} operations` : ops.join(", ")}`,
    );
  if (r.baseline)
    lines.push(
      `baseline ${r.baseline.file}: ${r.baseline.matched} of ${r.baseline.listed} known entries seen${r.baseline.fixed.length ? `; ${r.baseline.fixed.length} no longer fail, remove them: ${r.baseline.fixed.join(", ")}` : ""}`,
    );
  // Causes that fail the gate first (the report's order), known ones last.
  const ordered = [...r.causes.filter((c) => !c.baselined), ...r.causes.filter((c) => c.baselined)];
  const shown = ordered.slice(0, max);
  for (const c of shown) {
    const f = exampleOf(r, c);
    lines.push(
      "",
      `${label(c, r.strict)} ${c.title}`,
      `  on ${affectsText(c)} · ${c.cases} case${c.cases === 1 ? "" : "s"}, ${c.entries.length} entr${c.entries.length === 1 ? "y" : "ies"}`,
    );
    const also = alsoSeen(c);
    if (also) lines.push(`  ${also}`);
    if (!f) continue;
    for (const l of f.message.split("\n")) lines.push(`  ${l}`);
    if (f.note) lines.push(`  note: ${f.note}`);
    const log = logLines(f, 4);
    if (log.length) lines.push("  the target logged:", ...log.map((l) => `    ${l}`));
    const iso = isolationText(f);
    if (iso) lines.push(`  ${iso}`);
    lines.push(`  replay: ${f.isolated?.replay ?? f.replay}`);
  }
  if (ordered.length > shown.length) lines.push("", `… and ${ordered.length - shown.length} more causes in the report`);
  const causes = (n: number) => `${n} cause${n === 1 ? "" : "s"}`;
  const tail = r.complete ? "" : ` so far (INCOMPLETE: ${r.incompleteReason ?? "the run stopped early"})`;
  lines.push(
    "",
    s.exitCode === 0
      ? `CONFORMS (${s.warnings} warning${s.warnings === 1 ? "" : "s"}${s.baselined ? `, ${causes(s.baselined)} known` : ""})`
      : s.exitCode === 1
        ? `${r.complete ? "DOES NOT CONFORM" : "INCOMPLETE"}: ${causes(s.failures)} failing${r.strict && s.warnings ? ` (${s.warnings} of them warnings, failing under --strict)` : ""}, ${s.entries} entries${tail}`
        : "ERROR: the run could not complete",
  );
  return lines.join("\n");
}
