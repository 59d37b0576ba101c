import type { Contract } from "../contracts/model.ts";
import { generateCases } from "./cases.ts";
import { operationSeed } from "./id.ts";

/**
 * Bodies for calls nobody scripted: each operation cycles through its coverage cases, then
 * seeded random conforming cases, so an exploratory caller sees every action value and optional
 * field soon. The pool is built lazily per operation and is the same for the same seed.
 */
export function generatedFallback(seed: number, poolSize = 64): (contract: Contract) => string {
  const pools = new Map<string, { bodies: string[]; next: number }>();
  return (contract) => {
    let pool = pools.get(contract.operationId);
    if (!pool) {
      const cases = generateCases(contract, { seed: operationSeed(seed, contract.operationId), count: poolSize });
      pool = { bodies: cases.map((c) => c.body), next: 0 };
      pools.set(contract.operationId, pool);
    }
    const body = pool.bodies[pool.next % pool.bodies.length]!;
    pool.next++;
    return body;
  };
}
