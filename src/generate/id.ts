import type { CaseVariant } from "./case.ts";

/**
 * Case ids, readable and replayable:
 * - coverage case k of an operation: `auth_token_api~coverage~k` (optionally `~A` for a forced action);
 * - random case: `auth_token_api~<variant>~<action|*>~<seed>~<path>`, where seed and path are
 *   fast-check's (`path` is the run index, then shrink steps: `"13:2:0"`);
 * - type-confusion case: `auth_token_api~wrong-type~<round>~<group>` (generate/confusion.ts).
 */
export type CaseRef = BaseRef & { derive?: Derivation[] };

type BaseRef =
  | { kind: "coverage"; operationId: string; index: number; action?: string }
  /** An injected Authlete failure (error status or broken body), for sdk.error-mapping: `op~fault~status-500`. */
  | { kind: "fault"; operationId: string; fault: string }
  /** A coverage group with its properties given wrong JSON types: `op~wrong-type~1~3` (round 1, group 3). */
  | { kind: "confusion"; operationId: string; round: number; group: number }
  | { kind: "random"; operationId: string; variant: CaseVariant; action?: string; seed: number; path: string };

/**
 * A body derived from the case's body, appended to its id in order:
 * - `~control`: a deviation's control, the same body without the deviation;
 * - `~split:0110`: a half of a half… of the body's optional properties (0 first, 1 second);
 * - `~drop:3.7`: the body without some of its optional properties (indices in generate/derive.ts leafUnits order);
 * - `~reduce:3.0.2x5`: the reducer's accepted edits (generate/reduce.ts); `2x5` repeats 2 five times.
 */
export type Derivation =
  | { kind: "control" }
  | { kind: "split"; bits: string }
  | { kind: "drop"; units: number[] }
  | { kind: "reduce"; path: number[] };

const VARIANTS: CaseVariant[] = ["conforming", "unknown-field", "unknown-action", "null-not-allowed", "outside-spec"];

function formatDerivation(d: Derivation): string {
  if (d.kind === "control") return "control";
  if (d.kind === "split") return `split:${d.bits}`;
  if (d.kind === "drop") return `drop:${d.units.join(".")}`;
  return `reduce:${runLength(d.path)}`;
}

/** Reduction paths repeat a step often (the same position keeps the next edit): `2x36` is 36 times 2. */
function runLength(path: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < path.length;) {
    let j = i;
    while (j < path.length && path[j] === path[i]) j++;
    out.push(j - i > 1 ? `${path[i]}x${j - i}` : `${path[i]}`);
    i = j;
  }
  return out.join(".");
}

function parseDerivation(s: string): Derivation | undefined {
  if (s === "control") return { kind: "control" };
  if (/^split:[01]+$/.test(s)) return { kind: "split", bits: s.slice(6) };
  if (/^drop:\d+(\.\d+)*$/.test(s)) return { kind: "drop", units: s.slice(5).split(".").map(Number) };
  if (/^reduce:\d+(x\d+)?(\.\d+(x\d+)?)*$/.test(s))
    return {
      kind: "reduce",
      path: s
        .slice(7)
        .split(".")
        .flatMap((run) => {
          const [k, n = "1"] = run.split("x");
          return Array<number>(Number(n)).fill(Number(k));
        }),
    };
  return undefined;
}

export function formatCaseId(ref: CaseRef): string {
  return [formatBase(ref), ...(ref.derive ?? []).map(formatDerivation)].join("~");
}

/** The id of a case derived from another; a split of a split folds into one segment (`~split:011`). */
export function derivedId(id: string, d: Derivation): string {
  const last = /~split:([01]+)$/.exec(id);
  if (d.kind === "split" && last) return `${id.slice(0, last.index)}~split:${last[1]}${d.bits}`;
  return `${id}~${formatDerivation(d)}`;
}

function formatBase(ref: BaseRef): string {
  if (ref.kind === "coverage")
    return [ref.operationId, "coverage", ref.index, ...(ref.action ? [ref.action] : [])].join("~");
  if (ref.kind === "fault") return [ref.operationId, "fault", ref.fault].join("~");
  if (ref.kind === "confusion") return [ref.operationId, "wrong-type", ref.round, ref.group].join("~");
  return [ref.operationId, ref.variant, ref.action ?? "*", ref.seed, ref.path].join("~");
}

/** Parses a case id; returns an error message instead of throwing. */
export function parseCaseId(id: string): CaseRef | string {
  const parts = id.split("~");
  const derive: Derivation[] = [];
  for (let d = parseDerivation(parts.at(-1) ?? ""); d && parts.length > 2; d = parseDerivation(parts.at(-1) ?? "")) {
    derive.unshift(d);
    parts.pop();
  }
  const base = parseBase(id, parts);
  return typeof base === "string" || !derive.length ? base : { ...base, derive };
}

function parseBase(id: string, parts: string[]): CaseRef | string {
  const [operationId, kind] = parts;
  if (!operationId || !kind) return `"${id}" is not a case id (expected <operationId>~<variant>~…)`;
  if (kind === "coverage") {
    const index = Number(parts[2]);
    if (!Number.isInteger(index) || index < 0 || parts.length > 4) return `"${id}": bad coverage case index`;
    return { kind: "coverage", operationId, index, ...(parts[3] ? { action: parts[3] } : {}) };
  }
  if (kind === "fault")
    return parts.length === 3 && parts[2]
      ? { kind: "fault", operationId, fault: parts[2] }
      : `"${id}": expected ${operationId}~fault~<kind>`;
  if (kind === "wrong-type") {
    const [round, group] = [Number(parts[2]), Number(parts[3])];
    return parts.length === 4 && /^\d+$/.test(parts[2]!) && /^\d+$/.test(parts[3]!)
      ? { kind: "confusion", operationId, round, group }
      : `"${id}": expected ${operationId}~wrong-type~<round>~<group>`;
  }
  if (!VARIANTS.includes(kind as CaseVariant))
    return `"${id}": unknown variant "${kind}" (one of coverage, ${VARIANTS.join(", ")}, wrong-type)`;
  const [, , action, seedText, path] = parts;
  const seed = Number(seedText);
  if (parts.length !== 5 || !Number.isInteger(seed) || !/^\d+(:\d+)*$/.test(path ?? ""))
    return `"${id}": expected ${operationId}~${kind}~<action|*>~<seed>~<path>`;
  return {
    kind: "random",
    operationId,
    variant: kind as CaseVariant,
    ...(action && action !== "*" ? { action } : {}),
    seed,
    path: path!,
  };
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
