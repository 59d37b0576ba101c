/**
 * The type-confusion variant (`wrong-type`): each optional property is served with another JSON
 * type, a numeric string for an integer and a string for a boolean. Properties are confused a
 * coverage group at a time (the same 8 leaf units as the coverage bodies), so the control of a
 * confusion case, the same body with the right types, is byte for byte a coverage body the run
 * has already served: the controls cost no target call.
 */
import type { Contract, Schema } from "../contracts/model.ts";
import { isJsonObject, jsonEqual, parseLossless, stringifyLossless, type JsonValue } from "../json/lossless.ts";
import { bodyNodes, replaced, valueAt } from "../schema/body.ts";
import { deref, kindOf, type NodeKind } from "../schema/shape.ts";
import { simplestValue } from "../schema/simplest.ts";
import type { Case } from "./case.ts";
import { firstGroupIndex, GROUP_SIZE, objectDepth, templateBody } from "./coverage.ts";
import { coverageCases } from "./cases.ts";
import { leafUnits } from "./derive.ts";
import { formatCaseId } from "./id.ts";
import { specSchema } from "./spec-schema.ts";

/**
 * The wrong value of each kind in each round. Round 0 serves every scalar the value a lenient
 * decoder coerces (a numeric string for a number, a string for a boolean, a number for a string)
 * and leaves containers right: a strict SDK must reject it, a lenient one shows its coercions
 * (a body that also held an object where a string belongs would be rejected for that, hiding
 * them). Later rounds serve the other JSON types. Null is the `null-not-allowed` variant's; enum
 * values are the action and enum checks' (a closed enum fails on them already).
 */
const WRONG: Partial<Record<NodeKind, Array<JsonValue | undefined>>> = {
  integer: ["42", true, { value: 42 }, [42]],
  int64: ["42", true, { value: 42 }, [42]],
  number: ["1.5", true, { value: 1.5 }, [1.5]],
  boolean: ["true", 1, { value: true }, [true]],
  "free-string": [42, true, { value: "x" }, ["x"]],
  string: [42, true, { value: "x" }, ["x"]],
  array: [undefined, "x", { value: [] }, 1],
  object: [undefined, "x", [], 1],
};

/** How many confusion rounds there are: after that every property has met each of its wrong types. */
export const CONFUSION_ROUNDS = Math.max(...Object.values(WRONG).map((w) => w.length));

const PLAIN = { text: "plain", int64: "plain", emptyArraysFrom: Infinity, nulls: false, salt: 0 } as const;

/** What every confusion case of an operation is cut from, built once per contract. */
interface Frame {
  /** The full coverage body (all optional properties present, plain values). */
  full: JsonValue;
  /** Its leaf units, and their schemas (for a value the full body lacks). */
  units: string[];
  schemas: Map<string, Schema>;
  /** Leaf unit ranges, grouped as coverage groups them. */
  groups: Array<[number, number]>;
  /** Per round, the groups that have a property to confuse in it. */
  served: number[][];
}

const frames = new WeakMap<Contract, Frame | null>();

function frameOf(contract: Contract): Frame | null {
  let f = frames.get(contract);
  if (f !== undefined) return f;
  const root = specSchema(contract);
  f = null;
  if (root && contract.response.contentType === "application/json") {
    const full = templateBody(contract, { ...PLAIN, depth: objectDepth(contract) + 1 });
    const units = leafUnits(root, full, ["/action"]);
    const groups: Array<[number, number]> = [];
    for (let lo = 0; lo < units.length; lo += GROUP_SIZE) groups.push([lo, Math.min(units.length, lo + GROUP_SIZE)]);
    const schemas = new Map(bodyNodes(root, full).map((n) => [n.ptr, n.schema]));
    const defs = (root.$defs as Record<string, Schema>) ?? {};
    const wrong = units.map((u) => WRONG[kindOf(deref(schemas.get(u) ?? {}, defs).schema)] ?? []);
    const served = Array.from({ length: CONFUSION_ROUNDS }, (_, r) =>
      groups.flatMap(([lo, hi], g) => (wrong.slice(lo, hi).some((w) => w[r] !== undefined) ? [g] : [])),
    );
    f = { full, units, schemas, groups, served };
  }
  frames.set(contract, f);
  return f;
}

/** How many confusion cases an operation has for a number of rounds (capped at CONFUSION_ROUNDS); groups with nothing to confuse in a round have none. */
export function confusionCount(contract: Contract, rounds: number): number {
  const served = frameOf(contract)?.served ?? [];
  return served.slice(0, Math.max(0, rounds)).reduce((n, gs) => n + gs.length, 0);
}

/** Case `round`.`group` of an operation: its group's coverage body, each leaf unit given a wrong type. */
export function confusionCase(contract: Contract, round: number, group: number): Case | string {
  const frame = frameOf(contract);
  const g = frame?.groups[group];
  if (!frame || !g || round < 0 || round >= CONFUSION_ROUNDS)
    return `${contract.operationId}~wrong-type~${round}~${group} does not exist (${frame?.groups.length ?? 0} groups, ${CONFUSION_ROUNDS} rounds)`;
  const root = specSchema(contract)!;
  // The group's coverage body, as the run's coverage set holds it (built once per contract).
  let body = parseLossless(coverageCases(contract)[firstGroupIndex(contract) + group]!.body);
  const deviations: string[] = [];
  for (const ptr of frame.units.slice(...g)) {
    const schema = frame.schemas.get(ptr);
    const pick = schema && WRONG[kindOf(deref(schema, (root.$defs as Record<string, Schema>) ?? {}).schema)]?.[round];
    if (pick === undefined) continue;
    body = replaced(body, ptr, pick);
    deviations.push(ptr);
  }
  const action = isJsonObject(body) && typeof body.action === "string" ? body.action : undefined;
  return {
    id: formatCaseId({ kind: "confusion", operationId: contract.operationId, round, group }),
    operationId: contract.operationId,
    variant: "wrong-type",
    ...(action !== undefined ? { action } : {}),
    body: stringifyLossless(body),
    seed: 0,
    index: group,
    goals: [],
    ...(deviations.length ? { deviation: deviations[0], deviations } : {}),
  };
}

/** Every confusion case of an operation, round by round. */
export function confusionCases(contract: Contract, rounds: number): Case[] {
  const out: Case[] = [];
  const served = frameOf(contract)?.served ?? [];
  for (let r = 0; r < Math.min(rounds, CONFUSION_ROUNDS); r++)
    for (const g of served[r] ?? []) {
      const c = confusionCase(contract, r, g);
      if (typeof c !== "string") out.push(c);
    }
  return out;
}

/**
 * The control of a confusion body: each wrong-typed value back to the right type, the value the
 * full coverage body has there (the simplest valid value where it has none). For an unreduced
 * case this is exactly the coverage body of the same group.
 */
export function confusionControl(contract: Contract, body: JsonValue, deviations: readonly string[]): JsonValue {
  const frame = frameOf(contract);
  if (!frame) return body;
  const defs = (specSchema(contract)!.$defs as Record<string, Schema>) ?? {};
  return deviations.reduce<JsonValue>((b, ptr) => {
    const schema = frame.schemas.get(ptr);
    const right = valueAt(frame.full, ptr) ?? (schema ? simplestValue(schema, defs) : undefined);
    return right === undefined ? b : replaced(b, ptr, right);
  }, body);
}

/** The deviations a derived body still holds: those whose wrong value it kept. */
export function deviationsKept(original: JsonValue, derived: JsonValue, deviations: readonly string[]): string[] {
  return deviations.filter((p) => {
    const v = valueAt(derived, p);
    return v !== undefined && jsonEqual(v, valueAt(original, p));
  });
}
