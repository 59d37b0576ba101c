import type { CaseVariant } from "./case.ts";

/**
 * Case ids, readable and replayable:
 * - coverage case k of an operation: `auth_token_api~coverage~k` (optionally `~A` for a forced action);
 * - random case: `auth_token_api~<variant>~<action|*>~<seed>~<path>`, where seed and path are
 *   fast-check's (`path` is the run index, then shrink steps: `"13:2:0"`).
 */
export type CaseRef =
  | { kind: "coverage"; operationId: string; index: number; action?: string }
  /** An injected Authlete failure (error status or broken body), for sdk.error-mapping: `op~fault~status-500`. */
  | { kind: "fault"; operationId: string; fault: string }
  | { kind: "random"; operationId: string; variant: CaseVariant; action?: string; seed: number; path: string };

const VARIANTS: CaseVariant[] = ["conforming", "unknown-field", "unknown-action", "null-not-allowed"];

export function formatCaseId(ref: CaseRef): string {
  if (ref.kind === "coverage") return [ref.operationId, "coverage", ref.index, ...(ref.action ? [ref.action] : [])].join("~");
  if (ref.kind === "fault") return [ref.operationId, "fault", ref.fault].join("~");
  return [ref.operationId, ref.variant, ref.action ?? "*", ref.seed, ref.path].join("~");
}

/** Parses a case id; returns an error message instead of throwing. */
export function parseCaseId(id: string): CaseRef | string {
  const parts = id.split("~");
  const [operationId, kind] = parts;
  if (!operationId || !kind) return `"${id}" is not a case id (expected <operationId>~<variant>~…)`;
  if (kind === "coverage") {
    const index = Number(parts[2]);
    if (!Number.isInteger(index) || index < 0 || parts.length > 4) return `"${id}": bad coverage case index`;
    return { kind: "coverage", operationId, index, ...(parts[3] ? { action: parts[3] } : {}) };
  }
  if (kind === "fault") return parts.length === 3 && parts[2] ? { kind: "fault", operationId, fault: parts[2] } : `"${id}": expected ${operationId}~fault~<kind>`;
  if (!VARIANTS.includes(kind as CaseVariant)) return `"${id}": unknown variant "${kind}" (one of coverage, ${VARIANTS.join(", ")})`;
  const [, , action, seedText, path] = parts;
  const seed = Number(seedText);
  if (parts.length !== 5 || !Number.isInteger(seed) || !/^\d+(:\d+)*$/.test(path ?? "")) return `"${id}": expected ${operationId}~${kind}~<action|*>~<seed>~<path>`;
  return { kind: "random", operationId, variant: kind as CaseVariant, ...(action && action !== "*" ? { action } : {}), seed, path: path! };
}

/** Run seeds are 32-bit, as fast-check takes them; a larger number (a CI run id) is refused, not wrapped. */
export const SEED_LIMIT = 2 ** 31;
export const isRunSeed = (n: unknown): n is number => Number.isInteger(n) && Math.abs(n as number) <= SEED_LIMIT;

/** A 32-bit seed per operation from the run seed, so operations get different streams. */
export function operationSeed(runSeed: number, operationId: string): number {
  let h = 0x811c9dc5 ^ (runSeed | 0);
  for (let i = 0; i < operationId.length; i++) {
    h ^= operationId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
