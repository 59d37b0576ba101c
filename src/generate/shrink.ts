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
 * for which `fails` still holds. Bounded by `maxCalls` calls of `fails` and by `timeLimitMs` (past
 * either, candidates count as passing, so shrinking ends at the smallest failure found so far; a
 * call budget keeps the result the same on a slow machine); undefined if the case no longer fails.
 */
export async function shrinkCase(
  contract: Contract,
  ref: Extract<CaseRef, { kind: "random" }>,
  fails: (c: Case) => Promise<boolean>,
  timeLimitMs = 20_000,
  maxCalls = Infinity,
): Promise<Shrunk | undefined> {
  const arb = variantArbitrary(contract, ref.variant, ref.action);
  const asCase = (g: Generated, path: string) =>
    toCase(contract, { ...ref, path }, g, ref.seed, Number(ref.path.split(":")[0]));
  // The time limit is kept inside the predicate: fast-check's own interrupt abandons a running
  // async predicate, which would then go on using the target behind the caller's back.
  const deadline = Date.now() + timeLimitMs;
  let calls = 0;
  const out = await fc.check(
    fc.asyncProperty(
      arb,
      async (g) => calls++ >= maxCalls || Date.now() > deadline || !(await fails(asCase(g, ref.path))),
    ),
    { seed: ref.seed, path: ref.path, numRuns: 1 },
  );
  if (!out.failed || !out.counterexample || out.counterexamplePath === null) return undefined;
  const path = out.counterexamplePath;
  return { case: asCase(out.counterexample[0], path), steps: path.split(":").length - ref.path.split(":").length };
}
