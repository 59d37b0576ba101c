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
  /** The documented field at `path`, `model#property`, when its object is a named model. */
  model?: string;
  /** The named type of the value at `path` (e.g. `token_type`). */
  type?: string;
  /** How the value was lost when that is one behaviour whatever the field (see checks/observation.ts Finding). */
  defect?: string;
  expected?: unknown;
  actual?: unknown;
  note?: string;
  /** Stable across seeds: check + operation + action (or fault) + path. Baselines list these. */
  fingerprint: string;
  /** What the target said, normalised (values, ids and numbers stripped): entries with the same one share a cause. */
  signature?: string;
  /** The failing body reduced to the smallest that still fails the same way, when isolation ran. */
  isolated?: Isolation;
  /** Why the body was not isolated, when it was not. */
  notIsolated?: string;
  /** The id of the cause this entry belongs to (see `causes`). */
  cause?: string;
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

/** A path the reduced body cannot lose and still fail, with its value (and its documented field). */
export interface Culprit {
  path: string;
  value: unknown;
  /** The documented field holding it, `model#property`. */
  model?: string;
  /** The named type of the culprit value (e.g. `scope`): one mis-modelled type is one cause wherever it is used. */
  type?: string;
}

export interface Isolation {
  /** The id that rebuilds the reduced body (`…~reduce:3.0.12`). */
  caseId: string;
  body: string;
  /** Where the reduced body still differs from the minimal one: the culprit paths and their values. */
  culprits: Culprit[];
  replay: string;
  /** Target calls the reducer made. */
  tries: number;
  /** False when the budget ran out before the reducer was done (the body is smaller, maybe not smallest). */
  complete: boolean;
}

/** One root cause: entries grouped by what is wrong (report/causes.ts). */
export interface ReportCause {
  /** Stable while the cause's keys are. */
  id: string;
  /** The check that saw it most. */
  check: string;
  /** Every check that saw it, when several did (one crash of the target, several consequences). */
  checks?: string[];
  severity: "fail" | "warn" | "error";
  /** One line: the check, what the target did, and the culprit when isolated. */
  title: string;
  culprit?: Culprit;
  signature?: string;
  /** Operations × actions (or faults) it was seen on. */
  affects: Array<{ operationId: string; actions: string[] }>;
  /** Cases that failed this way. */
  cases: number;
  /** Fingerprints of its entries. */
  entries: string[];
  /** Fingerprint of the entry shown as its minimal example. */
  example: string;
  /** Every entry is in the baseline. */
  baselined?: true;
  failsGate: boolean;
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
  /** Request parameters the SDK adapter declared it cannot take (pointers such as `/body/*`): never asked, reported, not failed. */
  unsupportedParameters?: string[];
  coverage: { goals: number; met: number; percent: number };
  /** action value (or "(none)") → check → counts. */
  actions: Record<string, Record<string, StatusCounts>>;
  /** Milliseconds the target spent on the cases of each action (or "(none)"), for JUnit times. */
  ms?: Record<string, number>;
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
    /** Root causes that fail the gate: severity fail or error (warn too with --strict), not wholly baselined. */
    failures: number;
    /** Root causes of severity warn (they fail the gate too under --strict). */
    warnings: number;
    /** Root causes whose every entry the baseline lists (reported, not counted in `failures`). */
    baselined: number;
    /** Entries (check × operation × action or fault × field) behind the causes. */
    entries: number;
    exitCode: 0 | 1 | 2;
  };
  /** Present when the run had a baseline. */
  baseline?: BaselineSummary;
  operations: OperationReport[];
  /** Root causes, gate-failing first; each lists its entries in `failures`. */
  causes: ReportCause[];
  /** Entries: one per check × operation × action (or fault) × field. */
  failures: ReportFailure[];
}
