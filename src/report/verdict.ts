import { groupCauses } from "./causes.ts";
import type { Report, ReportCause, ReportFailure } from "./model.ts";

export { failsGate } from "./causes.ts";

/**
 * The verdict: the summary's counts, the causes, and each entry marked with its cause; recomputed
 * from the entries. The one place the exit code is decided, so a run, a baseline applied
 * afterwards and a merge of shards always agree. Counts are of causes, not entries: one defect on
 * 44 operations counts once.
 */
export function verdict(
  entries: ReportFailure[],
  ctx: { strict: boolean; complete: boolean; startFailed: boolean },
): {
  summary: Pick<Report["summary"], "failures" | "warnings" | "baselined" | "entries" | "exitCode">;
  causes: ReportCause[];
  failures: ReportFailure[];
} {
  const causes = groupCauses(entries, ctx.strict);
  const causeOf = new Map(causes.flatMap((c) => c.entries.map((fp) => [fp, c.id] as const)));
  const gate = causes.filter((c) => c.failsGate).length;
  return {
    summary: {
      failures: gate,
      // Warnings are counted as what they are, also under --strict (where they fail the gate too).
      warnings: causes.filter((c) => !c.baselined && c.severity === "warn").length,
      baselined: causes.filter((c) => c.baselined).length,
      entries: entries.length,
      exitCode: ctx.startFailed ? 2 : gate || !ctx.complete ? 1 : 0,
    },
    causes,
    failures: entries.map((f) => ({ ...f, cause: causeOf.get(f.fingerprint)! })),
  };
}

const SEVERITY_ORDER: Record<ReportFailure["severity"], number> = { fail: 0, error: 1, warn: 2 };

/** The report's failure order: severity, operation, check, then fingerprint, so it is total and merges reproduce it. */
export function compareFailures(a: ReportFailure, b: ReportFailure): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.operationId.localeCompare(b.operationId) ||
    a.check.localeCompare(b.check) ||
    a.fingerprint.localeCompare(b.fingerprint)
  );
}
