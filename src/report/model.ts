/**
 * The canonical conformance report (JSON). Every other format is rendered from it, never from the
 * engine. Bump REPORT_VERSION on any breaking change (fields may be added within a version).
 */
export const REPORT_VERSION = 1;

export type Status = "pass" | "fail" | "warn" | "skip" | "error";

/** Per check, how many results of each status one operation × action got. */
export type StatusCounts = Partial<Record<Status, number>>;

export interface ReportFailure {
  check: string;
  /** `fail` fails the gate; `warn` does not unless --strict; `error` means the kit could not judge. */
  severity: "fail" | "warn" | "error";
  title: string;
  /** "Received: …\nDocumented: …" */
  message: string;
  operationId: string;
  action?: string;
  caseId: string;
  variant: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
  note?: string;
  /** Stable across seeds: check + operation + action + path. Baselines list these. */
  fingerprint: string;
  /** How many cases hit the same fingerprint (only the first is kept in full). */
  occurrences: number;
  /** The exact body the mock served for the case. */
  body: string;
  /** The command that re-runs exactly this case. */
  replay: string;
  /** What the target printed while it handled this case (server runs: stdout and stderr, bounded and redacted). */
  log?: string[];
  /** Shrink steps fast-check took to reach this minimal case (random cases only). */
  shrinkSteps?: number;
  /** Listed in the baseline: known, reported, and does not fail the gate. */
  baselined?: true;
}

/** What the run's baseline (`--baseline`) did. */
export interface BaselineSummary {
  file: string;
  /** Fingerprints the baseline lists. */
  listed: number;
  /** Listed fingerprints that failed again (kept out of the verdict). */
  matched: number;
  /** Listed fingerprints that no longer fail: remove them (`--update-baseline` does). */
  fixed: string[];
}

export interface OperationReport {
  operationId: string;
  cases: number;
  /** Not run: declared unsupported by the target, or (servers) no route / no action. Reported, not failed. */
  unsupported: boolean;
  /** Why it was not run, when it was not. */
  skipReason?: string;
  coverage: { goals: number; met: number; percent: number };
  /** action value (or "(none)") → check → counts. */
  actions: Record<string, Record<string, StatusCounts>>;
}

export interface Report {
  format: "conformance-report";
  version: typeof REPORT_VERSION;
  kit: { name: "conformance"; version: string };
  profile: string;
  seed: number;
  runs: number;
  /** --strict: warnings fail the gate too. */
  strict: boolean;
  shard: { index: number; total: number } | null;
  target: { kind: "sdk" | "server"; spec: string; handshake?: unknown };
  startedAt: string;
  finishedAt: string;
  /** False when the run was interrupted or the target failed part way: results are partial. */
  complete: boolean;
  /** Why the run is incomplete, when it is. */
  incompleteReason?: string;
  summary: {
    operations: number;
    cases: number;
    results: StatusCounts;
    /** Distinct fingerprints that fail the gate: severity fail or error (warn too with --strict), not baselined. */
    failures: number;
    /** Distinct warn fingerprints that do not fail the gate. */
    warnings: number;
    /** Distinct failures the baseline lists (reported, not counted in `failures`). */
    baselined: number;
    exitCode: 0 | 1 | 2;
  };
  /** Present when the run had a baseline. */
  baseline?: BaselineSummary;
  operations: OperationReport[];
  failures: ReportFailure[];
}
