import type { Report, ReportFailure } from "./model.ts";

/** Whether a failure fails the gate: fail and error always, warn only with --strict; never when baselined. */
export function failsGate(f: ReportFailure, strict: boolean): boolean {
  return !f.baselined && (f.severity !== "warn" || strict);
}

/**
 * The summary's verdict fields, recomputed from the failure list. The one place the exit code is
 * decided, so a run, a baseline applied afterwards and a merge of shards always agree.
 */
export function verdict(failures: ReportFailure[], ctx: { strict: boolean; complete: boolean; startFailed: boolean }): Pick<Report["summary"], "failures" | "warnings" | "baselined" | "exitCode"> {
  const gate = failures.filter((f) => failsGate(f, ctx.strict)).length;
  const baselined = failures.filter((f) => f.baselined).length;
  return {
    failures: gate,
    warnings: failures.filter((f) => !f.baselined && f.severity === "warn" && !ctx.strict).length,
    baselined,
    exitCode: ctx.startFailed ? 2 : gate || !ctx.complete ? 1 : 0,
  };
}

const SEVERITY_ORDER: Record<ReportFailure["severity"], number> = { fail: 0, error: 1, warn: 2 };

/** The report's failure order: severity, operation, check, then fingerprint, so it is total and merges reproduce it. */
export function compareFailures(a: ReportFailure, b: ReportFailure): number {
  return SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.operationId.localeCompare(b.operationId) || a.check.localeCompare(b.check) || a.fingerprint.localeCompare(b.fingerprint);
}
