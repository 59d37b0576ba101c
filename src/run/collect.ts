import type { CheckResult } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import type { Case, PlannedCase } from "../generate/case.ts";
import { coverageOf } from "../generate/coverage.ts";
import {
  REPORT_VERSION,
  type Isolation,
  type OperationReport,
  type Report,
  type ReportFailure,
  type Status,
  type StatusCounts,
} from "../report/model.ts";
import { causeKeys } from "../report/causes.ts";
import { errorSignature } from "./signature.ts";
import { redactor, redactReport } from "../report/redact.ts";
import { compareFailures, verdict } from "../report/verdict.ts";
import { actionLabel, fingerprintOf } from "./fingerprint.ts";

/** An entry's matrix column: its action, one column for all unknown actions, or its fault. */
export function labelOf(planned: PlannedCase): string | undefined {
  return planned.fault ? `fault:${planned.fault}` : actionLabel(planned.case);
}

/**
 * Folds check results into the report's per-operation counts and its entries (one per check ×
 * operation × action or fault × field, see fingerprint.ts). Only counts and the first failure per
 * fingerprint are kept, so memory does not grow with cases.
 */
export class Collector {
  readonly operations = new Map<string, OperationReport>();
  private readonly failures = new Map<string, ReportFailure>();
  /** Coverage goals met so far per operation: a set of names, whatever the number of cases. */
  private readonly met = new Map<string, Set<string>>();
  /** Operation and cause keys of isolated entries: a cause is isolated once per operation, not once per entry. */
  private readonly isolatedKeys = new Set<string>();
  readonly totals: StatusCounts = {};
  cases = 0;

  constructor(private readonly replayCommand: (caseId: string) => string) {}

  operation(contract: Contract, skipReason?: string): OperationReport {
    let op = this.operations.get(contract.operationId);
    if (!op) {
      op = {
        operationId: contract.operationId,
        cases: 0,
        unsupported: skipReason !== undefined,
        ...(skipReason ? { skipReason } : {}),
        coverage: { goals: 0, met: 0, percent: 100 },
        actions: {},
      };
      this.operations.set(contract.operationId, op);
    }
    return op;
  }

  /** Records a case's results (and the target's log lines written during it); returns the fingerprints of entries seen for the first time. */
  add(
    contract: Contract,
    planned: PlannedCase,
    results: CheckResult[],
    evidence: { log?: string[]; ms?: number } = {},
  ): string[] {
    const fresh: string[] = [];
    const op = this.operation(contract);
    op.cases++;
    this.cases++;
    const label = labelOf(planned) ?? "(none)";
    const perCheck = (op.actions[label] ??= {});
    if (evidence.ms !== undefined) (op.ms ??= {})[label] = (op.ms[label] ?? 0) + Math.round(evidence.ms);
    for (const r of results) {
      const counts = (perCheck[r.check] ??= {});
      counts[r.status] = (counts[r.status] ?? 0) + 1;
      this.totals[r.status] = (this.totals[r.status] ?? 0) + 1;
      if (r.status !== "fail" && r.status !== "warn" && r.status !== "error") continue;
      // Every finding of the result is its own entry: one lost field must not hide another.
      for (const finding of r.findings ?? [r]) {
        // A finding stands alone: nothing of the first finding (its path, field, type) carries over.
        const f = this.failure(
          contract,
          planned,
          r.findings ? { check: r.check, status: r.status, ...(r.note ? { note: r.note } : {}), ...finding } : r,
          evidence,
        );
        if (f) fresh.push(f);
      }
    }
    if (
      planned.case.variant === "conforming" &&
      !planned.fault &&
      planned.case.body &&
      contract.response.contentType === "application/json"
    ) {
      // The goals the served body meets were computed from it when the case was generated.
      const met = this.met.get(contract.operationId) ?? new Set<string>();
      this.met.set(contract.operationId, met);
      for (const g of planned.case.goals) met.add(g);
    }
    return fresh;
  }

  /** The first failure recorded under a fingerprint. */
  get(fingerprint: string): ReportFailure | undefined {
    return this.failures.get(fingerprint);
  }

  /** Replaces an entry's case by a smaller one that fails the same way (fast-check's shrinking of a random case). */
  shrunk(fingerprint: string, c: Case, steps: number, result?: CheckResult): void {
    const f = this.failures.get(fingerprint);
    if (!f) return;
    Object.assign(f, {
      caseId: c.id,
      body: c.body,
      replay: this.replayCommand(c.id),
      shrinkSteps: steps,
      title: titleFor(f.check, f.severity, f.operationId, c.action),
    });
    if (result)
      Object.assign(f, {
        message: result.message ?? f.message,
        path: result.path,
        expected: result.expected,
        actual: result.actual,
      });
  }

  /** Attaches the isolated (reduced) body to an entry; its cause counts as isolated from now on. */
  isolated(fingerprint: string, iso: Omit<Isolation, "replay">): void {
    const f = this.failures.get(fingerprint);
    if (!f) return;
    f.isolated = { ...iso, replay: this.replayCommand(iso.caseId) };
    delete f.notIsolated;
    for (const k of causeKeys(f)) this.isolatedKeys.add(`${f.operationId}|${k}`);
  }

  notIsolated(fingerprint: string, why: string): void {
    const f = this.failures.get(fingerprint);
    if (f && !f.isolated) f.notIsolated = why;
  }

  /**
   * True when an entry of the same operation sharing a cause key with this one is isolated already.
   * Per operation, so which entries are isolated does not depend on what ran before (lanes, shards).
   */
  causeIsolated(fingerprint: string): boolean {
    const f = this.failures.get(fingerprint);
    return !!f && causeKeys(f).some((k) => this.isolatedKeys.has(`${f.operationId}|${k}`));
  }

  /** Coverage of what was actually served, from the goals its bodies met. */
  finishOperation(contract: Contract): void {
    const m = coverageOf(contract, this.met.get(contract.operationId) ?? new Set());
    this.operation(contract).coverage = { goals: m.goals, met: m.met, percent: m.percent };
    this.met.delete(contract.operationId);
  }

  private failure(
    contract: Contract,
    planned: PlannedCase,
    r: CheckResult,
    evidence: { log?: string[] },
  ): string | undefined {
    const label = labelOf(planned);
    const fingerprint = fingerprintOf(r.check, contract.operationId, label, r.path);
    const seen = this.failures.get(fingerprint);
    if (seen) return void seen.occurrences++;
    const severity = r.status as ReportFailure["severity"];
    const message = r.message ?? "";
    this.failures.set(fingerprint, {
      check: r.check,
      severity,
      title: titleFor(r.check, severity, contract.operationId, planned.fault ? undefined : planned.case.action),
      message,
      operationId: contract.operationId,
      ...(label ? { action: label } : {}),
      caseId: planned.case.id,
      variant: planned.fault ? `fault:${planned.fault}` : planned.case.variant,
      ...(r.path !== undefined ? { path: r.path } : {}),
      ...(r.model ? { model: r.model } : {}),
      ...(r.type ? { type: r.type } : {}),
      ...(r.defect ? { defect: r.defect } : {}),
      ...(r.expected !== undefined ? { expected: r.expected } : {}),
      ...(r.actual !== undefined ? { actual: r.actual } : {}),
      ...(r.note ? { note: r.note } : {}),
      fingerprint,
      ...(message ? { signature: errorSignature(message, planned.case.body, contract.path) } : {}),
      occurrences: 1,
      body: planned.case.body,
      replay: this.replayCommand(planned.case.id),
      ...(evidence.log?.length ? { log: evidence.log } : {}),
    });
    return fingerprint;
  }

  failureList(): ReportFailure[] {
    return [...this.failures.values()].sort(compareFailures);
  }

  /** Distinct failures (fail, error or warn) recorded so far. */
  get distinctFailures(): number {
    return this.failures.size;
  }

  count(status: Status): number {
    return this.totals[status] ?? 0;
  }
}

/** An entry's title names the action of the case it shows (kept in step when the case is shrunk). */
const titleFor = (
  check: string,
  severity: ReportFailure["severity"],
  operationId: string,
  action: string | undefined,
) =>
  `${check} ${severity === "warn" ? "warns" : severity === "error" ? "could not run" : "failed"} on ${operationId}${action ? ` (action ${action})` : ""}`;

export interface ReportContext {
  kitVersion: string;
  profile: string;
  seed: number;
  runs: number;
  strict: boolean;
  target: Report["target"];
  startedAt: string;
  /** Why the run stopped early, if it did. */
  incomplete?: string;
  /** The target never started: exit 2 whatever was collected. */
  startFailed?: boolean;
  shard?: Report["shard"];
  /** Secret values the run handed out (access tokens, API secrets): redacted from the report. */
  secrets?: string[];
}

/** Assembles the canonical report from what a run collected (the same for SDK and server runs). */
export function toReport(collector: Collector, contracts: Contract[], ctx: ReportContext): Report {
  const complete = ctx.incomplete === undefined;
  const judged = verdict(collector.failureList(), {
    strict: ctx.strict,
    complete,
    startFailed: ctx.startFailed === true,
  });
  return redactReport(assemble(), redactor(ctx.secrets ?? []));

  function assemble(): Report {
    return {
      format: "conformance-report",
      version: REPORT_VERSION,
      kit: { name: "conformance", version: ctx.kitVersion },
      profile: ctx.profile,
      seed: ctx.seed,
      runs: ctx.runs,
      strict: ctx.strict,
      shard: ctx.shard ?? null,
      target: ctx.target,
      startedAt: ctx.startedAt,
      finishedAt: new Date().toISOString(),
      complete,
      ...(ctx.incomplete ? { incompleteReason: ctx.incomplete } : {}),
      summary: {
        operations: collector.operations.size,
        cases: collector.cases,
        results: Object.fromEntries(
          (["pass", "fail", "warn", "skip", "error"] as const)
            .filter((k) => collector.totals[k])
            .map((k) => [k, collector.totals[k]]),
        ),
        ...judged.summary,
      },
      operations: contracts.map((c) => collector.operations.get(c.operationId)).filter((o) => o !== undefined),
      causes: judged.causes,
      failures: judged.failures,
    };
  }
}
