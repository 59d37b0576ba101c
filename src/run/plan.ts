import type { Contract } from "../contracts/model.ts";
import type { Case, PlannedCase } from "../generate/case.ts";
import { caseFromRef, generateCases, randomCases } from "../generate/cases.ts";
import { faultCases } from "../generate/faults.ts";
import { operationSeed, parseCaseId } from "../generate/id.ts";
import { variantsOf } from "../generate/variants.ts";

export interface PlanOptions {
  seed: number;
  /** Conforming cases per operation (coverage cases count towards it, at least all of them run). */
  runs: number;
  /** Cases per forward-compatibility variant and operation. */
  variantRuns: number;
}

const served = (contract: Contract) => (c: Case): PlannedCase => ({ case: c, status: contract.response.status, contentType: contract.response.contentType });

/** Every case of one operation, in a fixed order: coverage, random, variants, faults. */
export function planOperation(contract: Contract, opts: PlanOptions): PlannedCase[] {
  const seed = operationSeed(opts.seed, contract.operationId);
  const conforming = generateCases(contract, { seed, count: opts.runs }).map(served(contract));
  const variants = variantsOf(contract)
    .filter((v) => v !== "conforming")
    .flatMap((variant) => randomCases(contract, { seed, count: opts.variantRuns, variant }).map(served(contract)));
  return [...conforming, ...variants, ...faultCases(contract)];
}

/** Rebuilds the planned case an id names (for replay), or an error message. */
export function plannedFromId(contract: Contract, id: string): PlannedCase | string {
  const ref = parseCaseId(id);
  if (typeof ref === "string") return ref;
  if (ref.kind === "fault") return faultCases(contract).find((f) => f.case.id === id) ?? `"${id}": ${contract.operationId} has no fault "${ref.fault}"`;
  const c = caseFromRef(contract, ref);
  return typeof c === "string" ? c : served(contract)(c);
}
