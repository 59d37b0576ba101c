import fc from "fast-check";
import type { Contract } from "../contracts/model.ts";
import type { Case } from "./case.ts";
import { toCase } from "./cases.ts";
import type { CaseRef } from "./id.ts";
import { variantArbitrary, type Generated } from "./variants.ts";

export interface Shrunk {
  /** The smallest failing case found; its id carries the full fast-check path. */
  case: Case;
  /** Shrink steps taken from the original case. */
  steps: number;
}

/**
 * Shrinks a failing random case with fast-check: replays `{seed, path}` and keeps the smallest body
 * for which `fails` still holds. Bounded by `timeLimitMs`; returns the original if it stops failing.
 */
export async function shrinkCase(contract: Contract, ref: Extract<CaseRef, { kind: "random" }>, fails: (c: Case) => Promise<boolean>, timeLimitMs = 20_000): Promise<Shrunk | undefined> {
  const arb = variantArbitrary(contract, ref.variant, ref.action);
  const asCase = (g: Generated, path: string) => toCase(contract, { ...ref, path }, g, ref.seed, Number(ref.path.split(":")[0]));
  const out = await fc.check(
    fc.asyncProperty(arb, async (g) => !(await fails(asCase(g, ref.path)))),
    { seed: ref.seed, path: ref.path, numRuns: 1, interruptAfterTimeLimit: timeLimitMs, markInterruptAsFailure: false },
  );
  if (!out.failed || !out.counterexample || out.counterexamplePath === null) return undefined;
  const path = out.counterexamplePath;
  return { case: asCase(out.counterexample[0] as Generated, path), steps: path.split(":").length - ref.path.split(":").length };
}
