import type { Contract } from "../contracts/model.ts";
import type { Case, PlannedCase } from "../generate/case.ts";
import { caseFromRef, coverageCases, randomCases, randomStream } from "../generate/cases.ts";
import { minimalCount } from "../generate/coverage.ts";
import { outsideSpecActions } from "../generate/spec-schema.ts";
import { faultCases, faultCatalogue } from "../generate/faults.ts";
import { confusionCases, confusionCount } from "../generate/confusion.ts";
import { operationSeed, parseCaseId } from "../generate/id.ts";
import { variantsOf } from "../generate/variants.ts";

export interface PlanOptions {
  seed: number;
  /** Conforming cases per operation (coverage cases count towards it, at least all of them run). */
  runs: number;
  /** Cases per forward-compatibility variant and operation. */
  variantRuns: number;
}

const served =
  (contract: Contract) =>
  (c: Case): PlannedCase => ({ case: c, status: contract.response.status, contentType: contract.response.contentType });

/**
 * Every case of one operation, in a fixed order: coverage, random, variants, faults. Lazy: random
 * cases are generated a batch at a time, so memory does not grow with --runs.
 */
export function* planOperation(contract: Contract, opts: PlanOptions): Generator<PlannedCase> {
  const seed = operationSeed(opts.seed, contract.operationId);
  const serve = served(contract);
  // The whole coverage set always runs, even when --runs is smaller than it.
  const coverage = coverageCases(contract);
  const minimal = minimalCount(contract);
  yield* coverage.map((c, k): PlannedCase => ({ ...serve(c), role: k < minimal ? "minimal" : "coverage" }));
  for (const c of randomStream(contract, { seed, count: opts.runs - coverage.length })) yield serve(c);
  for (const variant of variantsOf(contract).filter((v) => v !== "conforming" && v !== "outside-spec"))
    for (const c of randomStream(contract, { seed, count: opts.variantRuns, variant })) yield serve(c);
  // Every value documented outside the spec, once each.
  for (const action of outsideSpecActions(contract))
    yield* randomCases(contract, { seed, count: 1, variant: "outside-spec", action }).map(serve);
  // Wrong JSON types, a coverage group at a time: one round per variant run, up to every wrong type.
  yield* confusionCases(contract, opts.variantRuns).map(serve);
  yield* faultCases(contract);
}

/** How many cases planOperation plans, without generating them (for progress totals). */
export function plannedCount(contract: Contract, opts: PlanOptions): number {
  const coverage = coverageCases(contract).length;
  return (
    Math.max(coverage, opts.runs) +
    deviationCount(contract, opts) +
    confusionCount(contract, opts.variantRuns) +
    faultCases(contract).length
  );
}

/**
 * How many planned cases are deviations served with a control of their own (progress totals). A
 * wrong-type case's control is a coverage body already served: it is not served again.
 */
export function deviationCount(contract: Contract, opts: PlanOptions): number {
  const variants = variantsOf(contract).filter((v) => v !== "conforming" && v !== "outside-spec").length;
  return variants * opts.variantRuns + outsideSpecActions(contract).length;
}

/** Rebuilds the planned case an id names (for replay), or an error message. */
export function plannedFromId(contract: Contract, id: string): PlannedCase | string {
  const ref = parseCaseId(id);
  if (typeof ref === "string") return ref;
  if (ref.kind === "fault")
    return (
      faultCatalogue(contract).find((f) => f.case.id === id) ??
      `"${id}": ${contract.operationId} has no fault "${ref.fault}"`
    );
  const c = caseFromRef(contract, ref);
  if (typeof c === "string") return c;
  // A coverage case keeps its role (a derived one is only ever judged, not split again by a replay).
  const role =
    ref.kind === "coverage" && !ref.derive && !ref.action
      ? ref.index < minimalCount(contract)
        ? "minimal"
        : "coverage"
      : undefined;
  return { ...served(contract)(c), ...(role ? { role } : {}) };
}

export interface Shard {
  /** 1-based. */
  index: number;
  total: number;
}

/**
 * The operations of one shard: every n-th in profile order, starting at the i-th. Deterministic
 * and independent of the seed; interleaving spreads the heavy operation families over shards.
 */
export function shardOf<T>(contracts: readonly T[], shard?: Shard): T[] {
  if (!shard) return [...contracts];
  return contracts.filter((_, k) => k % shard.total === shard.index - 1);
}
