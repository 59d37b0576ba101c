/**
 * `conformance/vitest`: the kit inside an SDK's or server's own vitest suite. One vitest test per
 * operation × check, so a regression shows up in the repository's usual test output and CI.
 *
 * @packageDocumentation
 */
import { beforeAll, describe, it, type TestContext } from "vitest";
import { SDK_CHECKS } from "../checks/run-checks.ts";
import { SERVER_CHECKS } from "../checks/server/checks.ts";
import { PROBE_OPERATION } from "../run/server-plan.ts";
import { loadProfile, selectOperations } from "../contracts/store.ts";
import type { Report, ReportFailure } from "../report/model.ts";
import { failsGate } from "../report/verdict.ts";
import { resolveOptions, run, type ConformanceOptions, type ConformanceResult } from "../run/api.ts";
import { shardOf } from "../run/plan.ts";

export interface SuiteOptions extends ConformanceOptions {
  /** Name of the enclosing describe block (default: "conformance <target>"). */
  name?: string;
  /** How long the whole run may take, in ms (default 10 minutes). */
  runTimeoutMs?: number;
}

/** A failing check, with everything needed to reproduce it. */
export class ConformanceFailure extends Error {
  override name = "ConformanceFailure";
}

function describeFailure(f: ReportFailure): string {
  return [
    `${f.check} on ${f.operationId}${f.action ? ` (action ${f.action})` : ""}${f.occurrences > 1 ? `, ${f.occurrences} cases` : ""}`,
    ...f.message.split("\n").map((l) => `  ${l}`),
    ...(f.path ? [`  at ${f.path}`] : []),
    ...(f.note ? [`  note: ${f.note}`] : []),
    `  case ${f.caseId}`,
    `  replay: ${f.replay}`,
  ].join("\n");
}

/** The verdict of one operation × check in a finished report. */
export function judge(
  report: Report,
  operationId: string,
  check: string,
): { status: "pass" | "fail" | "skip"; message?: string } {
  const op = report.operations.find((o) => o.operationId === operationId);
  if (!op)
    return {
      status: "fail",
      message: `${operationId} was not run${report.complete ? "" : `: ${report.incompleteReason ?? "the run stopped early"}`}`,
    };
  if (op.unsupported) return { status: "skip", message: op.skipReason ?? "not supported" };
  const failing = report.failures.filter(
    (f) => f.operationId === operationId && f.check === check && failsGate(f, report.strict),
  );
  if (failing.length) {
    // One paragraph per cause, not per entry: one defect that drops twelve fields reads once.
    const byCause = new Map<string, ReportFailure[]>();
    for (const f of failing)
      byCause.set(f.cause ?? f.fingerprint, [...(byCause.get(f.cause ?? f.fingerprint) ?? []), f]);
    const message = [...byCause].map(([id, fs]) => {
      const cause = report.causes.find((c) => c.id === id);
      return [
        ...(cause ? [`${cause.title} (cause ${cause.id})`] : []),
        describeFailure(fs[0]!),
        ...(fs.length > 1
          ? [`  and ${fs.length - 1} more entr${fs.length === 2 ? "y" : "ies"} of this cause here`]
          : []),
      ].join("\n");
    });
    return { status: "fail", message: message.join("\n\n") };
  }
  const judged = Object.values(op.actions).some((checks) =>
    Object.entries(checks[check] ?? {}).some(([status, n]) => status !== "skip" && (n ?? 0) > 0),
  );
  return judged ? { status: "pass" } : { status: "skip", message: `no case of ${operationId} applies to ${check}` };
}

/**
 * Registers a describe block with one test per operation × check. The run itself happens once,
 * in beforeAll; options are validated now, so a bad option fails at collection with its message.
 * Reports are written only when `reportDir` is given.
 */
export function conformanceSuite(options: SuiteOptions): void {
  const { name, runTimeoutMs = 600_000, ...rest } = options;
  const opts: ConformanceOptions = { ...rest, reportDir: rest.reportDir ?? false };
  const resolved = resolveOptions(opts);
  const operations = shardOf(
    selectOperations(loadProfile(resolved.run.profile), resolved.run.operations),
    resolved.run.shard,
  ).map((c) => c.operationId);
  // Server runs also probe the public routes (on the first shard): their verdicts get tests too.
  if (resolved.target === "server" && (!resolved.run.shard || resolved.run.shard.index === 1))
    operations.unshift(PROBE_OPERATION);
  const checks = (resolved.target === "sdk" ? SDK_CHECKS : SERVER_CHECKS)
    .map((c) => c.name)
    .filter((c) => resolved.run.checks?.[c] !== "off");
  const target =
    resolved.target === "sdk"
      ? (rest.sdk ?? resolved.run.sdk)
      : (resolved.server?.server ?? resolved.server?.serverUrl ?? "");
  describe(name ?? `conformance ${resolved.target} ${target}`, () => {
    let result: ConformanceResult | undefined;
    let failure: unknown;
    beforeAll(async () => {
      try {
        result = await run({ ...opts, seed: resolved.run.seed });
      } catch (e) {
        failure = e;
      }
    }, runTimeoutMs);
    for (const operationId of operations) {
      describe(operationId, () => {
        for (const check of checks) {
          it(check, (ctx: TestContext) => {
            if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
            const v = judge(result!.report, operationId, check);
            if (v.status === "skip") return ctx.skip(v.message);
            if (v.status === "fail") throw new ConformanceFailure(`${v.message}\n(seed ${result!.report.seed})`);
          });
        }
      });
    }
  });
}

export type { ConformanceOptions, ConformanceResult };
