/**
 * Isolation of a failing body: fast-check's shrinking for random cases, then the structural reducer
 * (generate/reduce.ts) for every kind of case, so an entry names its culprit path and value and
 * carries the smallest body that still fails the same way, with an id that rebuilds it.
 */
import type { CheckResult } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import type { Case, PlannedCase } from "../generate/case.ts";
import { protectedPointers } from "../generate/cases.ts";
import { derivedId, parseCaseId } from "../generate/id.ts";
import { culprits, reduceBody } from "../generate/reduce.ts";
import { shrinkCase } from "../generate/shrink.ts";
import { specSchema } from "../generate/spec-schema.ts";
import { isJsonObject, parseLossless, stringifyLossless } from "../json/lossless.ts";
import { fieldOf } from "../report/causes.ts";
import type { Culprit, ReportFailure } from "../report/model.ts";
import type { Collector } from "./collect.ts";
import { errorSignature } from "./signature.ts";
import { actionLabel } from "./fingerprint.ts";

/**
 * What isolation may spend: target calls per operation (so a run's results are the same on a slow
 * machine and in every shard), and a wall-clock cap for the whole run as a safety net. Isolation
 * makes causes readable but must not dominate a run; what it did not reach says why.
 */
export class IsolationBudget {
  /** Target calls left for this operation. */
  calls: number;
  constructor(
    readonly callsPerOperation: number,
    /** Epoch milliseconds after which nothing more is isolated in this run. */
    readonly deadline: number,
  ) {
    this.calls = callsPerOperation;
  }
  /** A fresh allowance of calls for the next operation, under the same run deadline. */
  forOperation(): IsolationBudget {
    return new IsolationBudget(this.callsPerOperation, this.deadline);
  }
}

/** Target calls one reduction may make. */
const MAX_TRIES = 400;
/** Target calls fast-check's shrinking of one random case may make, before the reducer takes over. */
const SHRINK_CALLS = 100;

/** True when the results show the entry's failure: same check and status, same field or same words. */
export function failsSameWay(
  entry: Pick<ReportFailure, "check" | "severity" | "path" | "signature">,
  results: CheckResult[],
  body: string,
  route?: string,
): boolean {
  return results.some((r) => {
    if (r.check !== entry.check || r.status !== entry.severity) return false;
    if (entry.path !== undefined)
      return (r.findings ?? [r]).some((x) => x.path !== undefined && fieldOf(x.path) === fieldOf(entry.path!));
    return !!r.message && errorSignature(r.message, body, route) === entry.signature;
  });
}

/** Why an entry is not isolated at all (silently: another entry shows it, or it has no body). */
function notForIsolation(entry: ReportFailure, planned: PlannedCase, contract: Contract): boolean {
  return (
    entry.severity === "error" ||
    !!planned.fault ||
    entry.check === "sdk.request-conforms" ||
    entry.check === "sdk.request-fidelity" ||
    contract.response.contentType !== "application/json" ||
    !specSchema(contract) ||
    !planned.case.body.startsWith("{")
  );
}

export interface IsolateContext {
  contract: Contract;
  collector: Collector;
  budget: IsolationBudget;
  /** Runs a case through the target (its control first, when it has one) and checks it. */
  run(c: Case): Promise<CheckResult[]>;
}

/** Isolates a new entry's body, or records why it was not; returns the culprits found. */
export async function isolateEntry(
  fingerprint: string,
  planned: PlannedCase,
  ctx: IsolateContext,
): Promise<Culprit[] | undefined> {
  const { collector, budget, contract } = ctx;
  const entry = collector.get(fingerprint);
  if (!entry || notForIsolation(entry, planned, contract) || collector.causeIsolated(fingerprint)) return undefined;
  if (budget.callsPerOperation === 0) return undefined;
  if (budget.calls <= 0)
    return void collector.notIsolated(
      fingerprint,
      `this operation's isolation budget (${budget.callsPerOperation} target calls) was spent; replay the case to see it whole`,
    );
  if (Date.now() > budget.deadline)
    return void collector.notIsolated(
      fingerprint,
      "the run's isolation time cap was reached; replay the case to see it whole",
    );
  // Every target call isolation makes is counted against the operation's budget.
  const run = async (c: Case) => (budget.calls--, ctx.run(c));
  let base = planned.case;
  const ref = parseCaseId(base.id);
  if (typeof ref !== "string" && ref.kind === "random" && !ref.derive) {
    let last: CheckResult | undefined;
    const shrunk = await shrinkCase(
      contract,
      ref,
      async (candidate) => {
        // The entry is reported under its action: a smaller body with another action is another entry.
        if ((actionLabel(candidate) ?? undefined) !== entry.action || budget.calls <= 0) return false;
        const results = await run(candidate);
        const same = failsSameWay(entry, results, candidate.body, contract.path);
        if (same) last = results.find((r) => r.check === entry.check && r.status === entry.severity);
        return same;
      },
      Math.max(0, budget.deadline - Date.now()),
      SHRINK_CALLS,
    );
    if (shrunk && shrunk.steps > 0) {
      collector.shrunk(fingerprint, shrunk.case, shrunk.steps, last);
      base = shrunk.case;
    }
  }
  const root = specSchema(contract)!;
  const protect = protectedPointers(base);
  const body = parseLossless(base.body);
  if (!isJsonObject(body)) return undefined;
  const reduced = await reduceBody(
    root,
    body,
    protect,
    async (b) => {
      const text = stringifyLossless(b);
      return failsSameWay(entry, await run({ ...base, id: `${base.id}~reducing`, body: text }), text, contract.path);
    },
    { maxTries: Math.min(MAX_TRIES, Math.max(0, budget.calls)), deadline: budget.deadline },
  );
  const caseId = reduced.path.length ? derivedId(base.id, { kind: "reduce", path: reduced.path }) : base.id;
  const found = culprits(root, reduced.body, protect);
  collector.isolated(fingerprint, {
    caseId,
    body: stringifyLossless(reduced.body),
    culprits: found,
    tries: reduced.tries,
    complete: reduced.complete,
  });
  return found;
}
