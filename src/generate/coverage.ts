import type { Contract, Schema } from "../contracts/model.ts";
import { isJsonObject, type JsonValue } from "../json/lossless.ts";
import { INT64_EDGES, toWire, type Int64Edge } from "../arbitraries/integer.ts";
import { TEXT_EDGES, type TextEdge } from "../arbitraries/text.ts";
import { deref, kindOf, walkSchema } from "./walk.ts";
import { actionValues, specSchema } from "./spec-schema.ts";
import { leafUnits, restrictTo } from "./derive.ts";

/**
 * Coverage goals of an operation's response, named so a report can list what is missing:
 * `action:V`, `present:P`, `absent:P`, `null:P`, `int64:P=edge`, `string:P=edge`, `array:P=empty|non-empty`.
 */
export function coverageGoals(contract: Contract): string[] {
  const schema = specSchema(contract);
  if (!schema || contract.response.contentType !== "application/json") return [];
  const goals: string[] = [];
  for (const n of walkSchema(schema)) {
    if (n.path === "/action" && n.kind === "enum") for (const v of n.schema.enum as string[]) goals.push(`action:${v}`);
    if (n.path && !n.path.endsWith("/*")) {
      goals.push(`present:${n.path}`);
      if (n.optional) goals.push(`absent:${n.path}`);
    }
    if (n.nullable && n.path) goals.push(`null:${n.path}`);
    if (n.kind === "int64") for (const e of Object.keys(INT64_EDGES)) goals.push(`int64:${n.path}=${e}`);
    if (n.kind === "free-string") for (const e of Object.keys(TEXT_EDGES)) goals.push(`string:${n.path}=${e}`);
    if (n.kind === "array") goals.push(`array:${n.path}=empty`, `array:${n.path}=non-empty`);
  }
  return goals;
}

/** The goals one body meets, found by walking the body against the schema (never assumed). */
export function goalsMet(contract: Contract, body: JsonValue): Set<string> {
  const met = new Set<string>();
  const schema = specSchema(contract);
  if (!schema) return met;
  const defs = (schema.$defs as Record<string, Schema>) ?? {};
  const visit = (raw: Schema, v: JsonValue, path: string, depth: number): void => {
    if (depth > 9) return;
    const { schema: s } = deref(raw, defs);
    if (v === null) return void met.add(`null:${path}`);
    const kind = kindOf(s);
    if (kind === "enum" && path === "/action") met.add(`action:${String(v)}`);
    if (kind === "int64") {
      for (const [name, edge] of Object.entries(INT64_EDGES))
        if (BigInt(v as number | bigint) === edge) met.add(`int64:${path}=${name}`);
    }
    if (kind === "free-string")
      for (const [name, edge] of Object.entries(TEXT_EDGES)) if (v === edge) met.add(`string:${path}=${name}`);
    if (kind === "array" && Array.isArray(v)) {
      met.add(`array:${path}=${v.length ? "non-empty" : "empty"}`);
      for (const item of v) visit(s.items as Schema, item, `${path}/*`, depth + 1);
    }
    if (kind === "object" && isJsonObject(v)) {
      for (const [k, p] of Object.entries((s.properties as Record<string, Schema>) ?? {})) {
        const child = `${path}/${k}`;
        if (!Object.prototype.hasOwnProperty.call(v, k)) {
          met.add(`absent:${child}`);
          continue;
        }
        met.add(`present:${child}`);
        visit(p, v[k] as JsonValue, child, depth + 1);
      }
    }
  };
  visit(schema, body, "", 0);
  return met;
}

/** How a template body fills its leaves. */
export interface TemplateStyle {
  /** Objects deeper than this are written empty (all their optional properties absent). */
  depth: number;
  text: TextEdge | "plain";
  int64: Int64Edge | "plain";
  /** Arrays at this depth or deeper are written empty; shallower ones hold one item. */
  emptyArraysFrom: number;
  nulls: boolean;
  action?: string;
  /** Rotates enum choices so different templates show different values. */
  salt: number;
  /** Only these of the full body's optional properties (a range of its leaf units, see generate/derive.ts). */
  units?: [number, number];
}

/** A deterministic body meeting many goals at once; valid against the contract schema. */
export function templateBody(contract: Contract, style: TemplateStyle): JsonValue {
  const schema = specSchema(contract)!;
  const defs = (schema.$defs as Record<string, Schema>) ?? {};
  const fill = (raw: Schema, depth: number, path: string, refs: string[]): JsonValue | undefined => {
    const { schema: s, nullable, ref } = deref(raw, defs);
    if (ref && refs.includes(ref)) return undefined;
    const nextRefs = ref ? [...refs, ref] : refs;
    if (nullable && style.nulls) return null;
    switch (kindOf(s)) {
      case "enum": {
        if (path === "/action" && style.action !== undefined) return style.action;
        const values = (s.enum as JsonValue[]).filter((x) => x !== null);
        return values[style.salt % values.length] ?? null;
      }
      case "free-string":
        return style.text === "plain" ? "sample" : TEXT_EDGES[style.text];
      case "string":
        return "https://example.com/cb";
      case "int64":
        return style.int64 === "plain" ? 1 : toWire(INT64_EDGES[style.int64]);
      case "integer":
        return 1;
      case "number":
        return 1.5;
      case "boolean":
        return style.salt % 2 === 0;
      case "array": {
        if (depth >= style.emptyArraysFrom) return [];
        const item = fill(s.items as Schema, depth + 1, `${path}/*`, nextRefs);
        return item === undefined ? [] : [item];
      }
      case "object": {
        const out: Record<string, JsonValue> = {};
        const required = (s.required as string[]) ?? [];
        for (const [k, p] of Object.entries((s.properties as Record<string, Schema>) ?? {})) {
          const forced = path === "" && k === "action" && style.action !== undefined;
          if (depth >= style.depth && !required.includes(k) && !forced) continue;
          const v = fill(p, depth + 1, `${path}/${k}`, nextRefs);
          if (v !== undefined) out[k] = v;
        }
        return out;
      }
      default:
        return "sample";
    }
  };
  const body = fill(schema, 0, "", []) ?? {};
  if (!style.units) return body;
  const units = leafUnits(schema, body, ["/action"]).slice(...style.units);
  return restrictTo(schema, body, units, ["/action"]);
}

/** Optional properties per coverage group: one bad property hides at most this many others' verdicts (and a failing group is split, see run/). */
export const GROUP_SIZE = 8;

/** Depth of the deepest object in a schema (top level is 0). */
export function objectDepth(contract: Contract): number {
  const schema = specSchema(contract);
  if (!schema) return 0;
  return Math.max(
    0,
    ...walkSchema(schema)
      .filter((n) => n.kind === "object")
      .map((n) => n.depth),
  );
}

/** How many coverage cases come first as minimal bodies: the bare one, then one per action. */
export function minimalCount(contract: Contract): number {
  return contract.response.contentType === "application/json" && specSchema(contract)
    ? 1 + actionValues(contract).length
    : 0;
}

/** The index of the first coverage case that holds a group of optional properties (see coveragePlan). */
export function firstGroupIndex(contract: Contract): number {
  return 1 + actionValues(contract).length + objectDepth(contract);
}

/** The template styles of an operation's coverage cases, in a fixed order. */
export function coveragePlan(contract: Contract, actions: string[]): TemplateStyle[] {
  const plain = { text: "plain", int64: "plain", emptyArraysFrom: Infinity, nulls: false } as const;
  const depth = objectDepth(contract) + 1;
  const plan: TemplateStyle[] = [];
  // Each action's minimal body first (required properties and the action), so a bad optional
  // property cannot hide whether the action itself decodes.
  plan.push({ ...plain, depth: 0, salt: 0 });
  actions.forEach((a, k) => plan.push({ ...plain, depth: 0, action: a, salt: k }));
  // Optional properties absent below each depth.
  for (let d = 1; d < depth; d++) plan.push({ ...plain, depth: d, salt: d });
  // Optional properties added a small group at a time.
  const units = leafUnits(specSchema(contract)!, templateBody(contract, { ...plain, depth, salt: 0 }), [
    "/action",
  ]).length;
  for (let lo = 0; lo < units; lo += GROUP_SIZE)
    plan.push({ ...plain, depth, salt: 0, units: [lo, Math.min(units, lo + GROUP_SIZE)] });
  // Every action value once, everything present.
  actions.forEach((a, k) => plan.push({ ...plain, depth, action: a, salt: k }));
  (Object.keys(INT64_EDGES) as Int64Edge[]).forEach((e, k) => plan.push({ ...plain, depth, int64: e, salt: k + 1 }));
  (Object.keys(TEXT_EDGES) as TextEdge[]).forEach((t, k) => plan.push({ ...plain, depth, text: t, salt: k + 2 }));
  // Empty arrays level by level, so arrays inside array items are seen empty too.
  for (const d of arrayDepths(contract)) plan.push({ ...plain, depth, emptyArraysFrom: d, salt: 3 + d });
  if (walkSchema(specSchema(contract) ?? {}).some((n) => n.nullable))
    plan.push({ ...plain, depth, nulls: true, salt: 4 });
  return plan;
}

function arrayDepths(contract: Contract): number[] {
  const depths = walkSchema(specSchema(contract) ?? {})
    .filter((n) => n.kind === "array")
    .map((n) => n.depth);
  return [...new Set(depths)].sort((a, b) => a - b);
}

/** Percent of goals met by a set of bodies, and which are missing. */
export function measureCoverage(
  contract: Contract,
  bodies: JsonValue[],
): { goals: number; met: number; percent: number; missing: string[] } {
  const met = new Set<string>();
  for (const b of bodies) for (const g of goalsMet(contract, b)) met.add(g);
  return coverageOf(contract, met);
}

/** Coverage from the goals met so far (runs accumulate them case by case instead of keeping bodies). */
export function coverageOf(
  contract: Contract,
  met: ReadonlySet<string>,
): { goals: number; met: number; percent: number; missing: string[] } {
  const goals = coverageGoals(contract);
  const missing = goals.filter((g) => !met.has(g));
  const hit = goals.length - missing.length;
  return {
    goals: goals.length,
    met: hit,
    percent: goals.length ? Math.round((hit / goals.length) * 1000) / 10 : 100,
    missing,
  };
}
