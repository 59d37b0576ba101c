import fc from "fast-check";
import type { Contract } from "../contracts/model.ts";
import { isJsonObject, parseLossless, stringifyLossless, type JsonValue } from "../json/lossless.ts";
import type { Case, CaseVariant } from "./case.ts";
import { coveragePlan, goalsMet, templateBody } from "./coverage.ts";
import { derivedId, formatCaseId, type CaseRef, type Derivation } from "./id.ts";
import { controlBody, dropUnits, splitBody } from "./derive.ts";
import { replayReduction } from "./reduce.ts";
import { specSchema } from "./spec-schema.ts";
import { confusionCase, confusionControl, deviationsKept } from "./confusion.ts";
import { actionValues, variantArbitrary, type Generated } from "./variants.ts";

/** Wire text of a body: JSON for JSON responses, the raw string for text/plain. */
export function bodyText(contract: Contract, body: JsonValue): string {
  if (contract.response.contentType === "application/json") return stringifyLossless(body);
  return typeof body === "string" ? body : "";
}

type GeneratedRef = Exclude<CaseRef, { kind: "fault" } | { kind: "confusion" }>;

export function toCase(contract: Contract, ref: GeneratedRef, g: Generated, seed: number, index: number): Case {
  const action =
    typeof (g.body as Record<string, unknown>)?.action === "string"
      ? (g.body as Record<string, string>).action
      : undefined;
  const variant: CaseVariant = ref.kind === "coverage" ? "conforming" : ref.variant;
  return {
    id: formatCaseId(ref),
    operationId: contract.operationId,
    variant,
    ...(action !== undefined ? { action } : {}),
    body: bodyText(contract, g.body),
    seed,
    index,
    goals: variant === "conforming" ? [...goalsMet(contract, g.body)] : [],
    ...(g.deviation ? { deviation: g.deviation } : {}),
  };
}

const coverageMemo = new WeakMap<Contract, Case[]>();

/**
 * The deterministic coverage cases of an operation (with every body's action forced, if given).
 * The full set is built once per contract: a run plans it, counts it and replays from it.
 */
export function coverageCases(contract: Contract, action?: string): Case[] {
  if (action !== undefined) return buildCoverage(contract, action);
  let cases = coverageMemo.get(contract);
  if (!cases) coverageMemo.set(contract, (cases = buildCoverage(contract)));
  return cases;
}

function buildCoverage(contract: Contract, action?: string): Case[] {
  const s = contract.response.schema;
  if (!s)
    return [toCase(contract, { kind: "coverage", operationId: contract.operationId, index: 0 }, { body: "" }, 0, 0)];
  if (contract.response.contentType !== "application/json") {
    return ["OK", ""].map((body, k) =>
      toCase(contract, { kind: "coverage", operationId: contract.operationId, index: k }, { body }, 0, k),
    );
  }
  const actions = action !== undefined ? [action] : actionValues(contract);
  return coveragePlan(contract, actions).map((style, k) => {
    const body = templateBody(contract, action !== undefined ? { ...style, action } : style);
    return toCase(
      contract,
      { kind: "coverage", operationId: contract.operationId, index: k, ...(action ? { action } : {}) },
      { body },
      0,
      k,
    );
  });
}

/**
 * Only the coverage cases at these indexes (negative ones count from the end), each exactly as
 * {@link coverageCases} makes it: server runs serve two bodies per action and need no more.
 */
export function coverageCasesAt(contract: Contract, action: string, indexes: number[]): Case[] {
  if (!contract.response.schema || contract.response.contentType !== "application/json") {
    const all = coverageCases(contract, action);
    return [...new Set(indexes.map((i) => (i < 0 ? all.length + i : i)))]
      .map((i) => all[i])
      .filter((c): c is Case => c !== undefined);
  }
  const plan = coveragePlan(contract, [action]);
  return [...new Set(indexes.map((i) => (i < 0 ? plan.length + i : i)))]
    .filter((k) => k >= 0 && k < plan.length)
    .map((k) =>
      toCase(
        contract,
        { kind: "coverage", operationId: contract.operationId, index: k, action },
        { body: templateBody(contract, { ...plan[k]!, action }) },
        0,
        k,
      ),
    );
}

export interface RandomOptions {
  /** fast-check seed of this operation's stream (see `operationSeed`). */
  seed: number;
  count: number;
  variant?: CaseVariant;
  action?: string;
}

/** The first `count` cases of the seeded stream: case i is fast-check's run i (path "i"). */
export function randomCases(contract: Contract, opts: RandomOptions): Case[] {
  if (opts.count <= 0) return [];
  const variant = opts.variant ?? "conforming";
  const values = fc.sample(variantArbitrary(contract, variant, opts.action), { seed: opts.seed, numRuns: opts.count });
  return values.map((g, i) =>
    toCase(
      contract,
      {
        kind: "random",
        operationId: contract.operationId,
        variant,
        ...(opts.action ? { action: opts.action } : {}),
        seed: opts.seed,
        path: String(i),
      },
      g,
      opts.seed,
      i,
    ),
  );
}

/** Cases generated at a time by randomStream: what a run holds in memory per lane. */
export const BATCH = 256;

/** The seed of batch `b` of a stream: the stream's own seed first, so short streams are randomCases exactly. */
export const batchSeed = (seed: number, b: number): number =>
  b === 0 ? seed : Math.imul(seed ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) | 0;

/**
 * `count` random cases, generated lazily BATCH at a time, so a run of any length holds one batch
 * per lane. Batch b is fast-check's stream for batchSeed(seed, b); every id names its own seed,
 * so each case still replays alone.
 */
export function* randomStream(contract: Contract, opts: RandomOptions): Generator<Case> {
  for (let done = 0, b = 0; done < opts.count; b++) {
    const n = Math.min(BATCH, opts.count - done);
    yield* randomCases(contract, { ...opts, seed: batchSeed(opts.seed, b), count: n });
    done += n;
  }
}

/** Coverage cases first, then random conforming cases: exactly `count` (a run plans at least the coverage set, see run/plan.ts). */
export function generateCases(contract: Contract, opts: { seed: number; count: number; action?: string }): Case[] {
  const cov = coverageCases(contract, opts.action);
  const rest = Math.max(0, opts.count - cov.length);
  return [...cov.slice(0, opts.count), ...randomCases(contract, { seed: opts.seed, count: rest, action: opts.action })];
}

/** Rebuilds the case an id names; the same id gives byte-identical bodies on any machine. */
export function caseFromRef(contract: Contract, ref: CaseRef): Case | string {
  const { derive, ...base } = ref;
  let c = baseCase(contract, base);
  for (const d of derive ?? []) c = typeof c === "string" ? c : deriveCase(contract, c, d);
  return c;
}

/**
 * Pointers a derived body never loses: the deviation (what the case is about) and the action (what
 * it is reported under). A wrong-type case's deviations are its whole body: they may go, so that
 * isolation finds which of them the SDK cannot take.
 */
export const protectedPointers = (c: Pick<Case, "deviation" | "variant">): string[] => [
  "/action",
  ...(c.deviation && c.variant !== "wrong-type" ? [c.deviation] : []),
];

/** A case derived from another (see generate/id.ts): its control, a split half, or a reduction. */
export function deriveCase(contract: Contract, c: Case, d: Derivation): Case | string {
  const root = specSchema(contract);
  if (!root || contract.response.contentType !== "application/json")
    return `${c.id}: only JSON bodies can be derived from`;
  const id = derivedId(c.id, d);
  let body: JsonValue | string;
  let variant = c.variant;
  let deviation = c.deviation;
  let deviations = c.deviations;
  const parsed = parseLossless(c.body);
  if (d.kind === "control") {
    if (c.variant === "conforming" || !c.deviation) return `${id}: only a deviation has a control`;
    body =
      c.variant === "wrong-type"
        ? confusionControl(contract, parsed, c.deviations ?? [c.deviation])
        : controlBody(contract, c.variant, parsed, c.deviation);
    variant = "conforming";
    deviation = undefined;
    deviations = undefined;
  } else if (d.kind === "split") body = splitBody(root, parsed, d.bits, protectedPointers(c));
  else if (d.kind === "drop") body = dropUnits(root, parsed, d.units, protectedPointers(c));
  else body = replayReduction(root, parsed, d.path, protectedPointers(c));
  if (typeof body === "string") return `${id}: ${body}`;
  if (variant === "wrong-type" && deviations) {
    // What a split or a reduction left of the wrong-typed values.
    deviations = deviationsKept(parsed, body, deviations);
    deviation = deviations[0];
  }
  const action = isJsonObject(body) && typeof body.action === "string" ? body.action : undefined;
  const { action: _action, deviation: _deviation, deviations: _deviations, ...rest } = c;
  return {
    ...rest,
    id,
    variant,
    ...(action !== undefined ? { action } : {}),
    body: stringifyLossless(body),
    goals: variant === "conforming" ? [...goalsMet(contract, body)] : [],
    ...(deviation ? { deviation } : {}),
    ...(deviations?.length ? { deviations } : {}),
  };
}

function baseCase(contract: Contract, ref: CaseRef): Case | string {
  if (ref.kind === "fault")
    return `${ref.operationId}~fault~${ref.fault} is a fault case: replay it with a target (conformance replay)`;
  if (ref.kind === "coverage") {
    const cov = coverageCases(contract, ref.action);
    return cov[ref.index] ?? `coverage case ${ref.index} does not exist (${contract.operationId} has ${cov.length})`;
  }
  if (ref.kind === "confusion") return confusionCase(contract, ref.round, ref.group);
  const arb = variantArbitrary(contract, ref.variant, ref.action);
  const [run, ...shrinks] = ref.path.split(":").map(Number);
  let value: Generated | undefined;
  // Walk the fast-check path: run index, then one shrink step per later segment.
  const out = fc.check(
    fc.property(arb, (g) => {
      value = g;
      return false;
    }),
    { seed: ref.seed, path: [run, ...shrinks].join(":"), numRuns: 1, endOnFailure: true },
  );
  if (!out.failed || value === undefined) return `cannot replay path ${ref.path} with seed ${ref.seed}`;
  return toCase(contract, ref, out.counterexample![0], ref.seed, run!);
}
