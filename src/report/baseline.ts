import { existsSync } from "node:fs";
import { InputError } from "../errors.ts";
import { JsonInputError, readJsonFile } from "../json/read.ts";
import type { Report, ReportFailure } from "./model.ts";
import { verdict } from "./verdict.ts";

/**
 * An expected-failures file: known failures that must not fail the gate while they are being
 * fixed. Entries are keyed by fingerprint (check + operation + action + field, stable across
 * seeds); the other fields are there for the reader and for review diffs.
 */
export interface Baseline {
  format: "conformance-baseline";
  version: 1;
  failures: BaselineEntry[];
}

export interface BaselineEntry {
  fingerprint: string;
  check: string;
  operationId: string;
  action?: string;
  path?: string;
  /** Why it is accepted for now (kept across --update-baseline). */
  reason?: string;
}

const FINGERPRINT = /^[0-9a-f]{8}$/;

/** Reads a baseline file; a malformed one is an InputError (exit 2) naming what is wrong. */
export function loadBaseline(file: string): Baseline {
  if (!existsSync(file)) throw new InputError(file, "baseline file not found (create it with --update-baseline)");
  let raw: unknown;
  try {
    raw = readJsonFile(file, { maxBytes: 16 * 1024 * 1024, maxDepth: 16 });
  } catch (e) {
    if (e instanceof JsonInputError) throw new InputError(file, e.message);
    throw e;
  }
  const b = raw as Partial<Baseline>;
  if (b?.format !== "conformance-baseline" || b.version !== 1)
    throw new InputError(
      file,
      'not a baseline: expected {"format": "conformance-baseline", "version": 1, "failures": [...]}',
    );
  if (!Array.isArray(b.failures)) throw new InputError(file, '"failures" must be an array');
  b.failures.forEach((e, i) => {
    if (typeof e?.fingerprint !== "string" || !FINGERPRINT.test(e.fingerprint))
      throw new InputError(
        file,
        `failures[${i}].fingerprint must be 8 hex digits (copy it from a report), got ${JSON.stringify(e?.fingerprint)}`,
      );
    if (typeof e.check !== "string" || typeof e.operationId !== "string")
      throw new InputError(file, `failures[${i}] needs "check" and "operationId"`);
  });
  return b as Baseline;
}

/**
 * Marks the report's failures the baseline lists as `baselined` (reported, not failing the gate)
 * and lists the entries that no longer fail. An entry only counts as fixed when its operation
 * ran in this report: a run of some operations or one shard says nothing about the others.
 */
export function applyBaseline(report: Report, baseline: Baseline, file: string): Report {
  const listed = new Set(baseline.failures.map((e) => e.fingerprint));
  const failures: ReportFailure[] = report.failures.map((f) => {
    const { baselined: _drop, ...rest } = f;
    return listed.has(f.fingerprint) ? { ...rest, baselined: true as const } : rest;
  });
  const failing = new Set(failures.map((f) => f.fingerprint));
  const ran = new Set(report.operations.filter((o) => !o.unsupported && o.cases > 0).map((o) => o.operationId));
  const fixed = report.complete
    ? baseline.failures
        .filter((e) => !failing.has(e.fingerprint) && ran.has(e.operationId))
        .map((e) => e.fingerprint)
        .sort()
    : [];
  const judged = verdict(failures, {
    strict: report.strict,
    complete: report.complete,
    startFailed: report.summary.exitCode === 2,
  });
  return {
    ...report,
    baseline: { file, listed: listed.size, matched: failures.filter((f) => f.baselined).length, fixed },
    summary: { ...report.summary, ...judged.summary },
    causes: judged.causes,
    failures: judged.failures,
  };
}

/**
 * The baseline that accepts the report as it is: every failure that would fail the gate, plus
 * the old entries for operations this report did not run. Reasons written by people are kept.
 */
export function baselineFrom(report: Report, previous?: Baseline): Baseline {
  const old = new Map((previous?.failures ?? []).map((e) => [e.fingerprint, e]));
  const ran = new Set(report.operations.filter((o) => !o.unsupported && o.cases > 0).map((o) => o.operationId));
  const entries = report.failures
    .filter((f) => f.severity !== "warn" || report.strict)
    .map((f): BaselineEntry => ({
      fingerprint: f.fingerprint,
      check: f.check,
      operationId: f.operationId,
      ...(f.action ? { action: f.action } : {}),
      ...(f.path ? { path: f.path.replace(/\/\d+(?=\/|$)/g, "/*") } : {}),
      ...(old.get(f.fingerprint)?.reason ? { reason: old.get(f.fingerprint)!.reason! } : {}),
    }));
  const kept = [...old.values()].filter(
    (e) => !ran.has(e.operationId) && !entries.some((n) => n.fingerprint === e.fingerprint),
  );
  const all = [...entries, ...kept].sort(
    (a, b) =>
      a.operationId.localeCompare(b.operationId) ||
      a.check.localeCompare(b.check) ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  return { format: "conformance-baseline", version: 1, failures: all };
}
