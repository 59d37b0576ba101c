/** Tiny hand-made reports for renderer, baseline and merge tests. */
import type { OperationReport, Report, ReportFailure } from "./model.ts";
import { verdict } from "./verdict.ts";

export function failure(
  over: Partial<ReportFailure> & Pick<ReportFailure, "check" | "operationId" | "fingerprint">,
): ReportFailure {
  return {
    severity: "fail",
    title: `${over.check} failed on ${over.operationId}`,
    message: "Received: absent\nDocumented: null",
    caseId: `${over.operationId}~coverage~0`,
    variant: "conforming",
    occurrences: 1,
    body: '{"action":"OK"}',
    replay: `npx conformance replay ${over.operationId}~coverage~0 --sdk x`,
    ...over,
  };
}

export function operation(
  operationId: string,
  actions: OperationReport["actions"] = { OK: { "sdk.decodes": { pass: 3 } } },
): OperationReport {
  return { operationId, cases: 3, unsupported: false, coverage: { goals: 4, met: 4, percent: 100 }, actions };
}

export function report(failures: ReportFailure[], over: Partial<Report> = {}): Report {
  const r: Report = {
    format: "conformance-report",
    version: 1,
    kit: { name: "conformance", version: "0.1.0" },
    profile: "authlete-3.0.16",
    seed: 7,
    runs: 10,
    strict: false,
    shard: null,
    target: { kind: "sdk", spec: "fixtures/sdk/reference" },
    startedAt: "2026-11-24T10:00:00.000Z",
    finishedAt: "2026-11-24T10:00:05.000Z",
    complete: true,
    summary: {
      operations: 2,
      cases: 6,
      results: { pass: 6 },
      failures: 0,
      warnings: 0,
      baselined: 0,
      entries: 0,
      exitCode: 0,
    },
    operations: [operation("auth_token_api"), operation("client_get_api")],
    causes: [],
    failures,
    ...over,
  };
  const judged = verdict(r.failures, { strict: r.strict, complete: r.complete, startFailed: false });
  return { ...r, summary: { ...r.summary, ...judged.summary }, causes: judged.causes, failures: judged.failures };
}
