import fc from "fast-check";
import type { Contract } from "../contracts/model.ts";
import { isJsonObject, type JsonValue } from "../json/lossless.ts";
import { pointer } from "../json/diff.ts";
import { actionEnum, unknownAction } from "../arbitraries/action.ts";
import { schemaArbitrary } from "../arbitraries/schema.ts";
import type { CaseVariant } from "./case.ts";
import { deref, kindOf } from "./walk.ts";
import { actionValues, outsideSpecActions, specSchema } from "./spec-schema.ts";

export { actionValues } from "./spec-schema.ts";
import type { Schema } from "../contracts/model.ts";

/** A generated body and, for non-conforming variants, where it deviates. */
export interface Generated {
  body: JsonValue;
  deviation?: string;
}

/** True when the response is a JSON object schema (the variants need one). */
export function hasObjectBody(contract: Contract): boolean {
  const s = specSchema(contract);
  return !!s && contract.response.contentType === "application/json" && kindOf(s) === "object";
}

/** Top-level properties whose schema does not allow null. */
function nonNullableProperties(contract: Contract): string[] {
  const s = specSchema(contract)!;
  const defs = (s.$defs as Record<string, Schema>) ?? {};
  return Object.entries((s.properties as Record<string, Schema>) ?? {})
    .filter(([, p]) => !deref(p, defs).nullable)
    .map(([k]) => k);
}

/** Which variants make sense for an operation. */
export function variantsOf(contract: Contract): CaseVariant[] {
  if (!hasObjectBody(contract)) return ["conforming"];
  const out: CaseVariant[] = ["conforming", "unknown-field"];
  if (actionValues(contract).length) out.push("unknown-action");
  if (nonNullableProperties(contract).length) out.push("null-not-allowed");
  if (outsideSpecActions(contract).length) out.push("outside-spec");
  return out;
}

/** Objects inside a body, by JSON Pointer; `filter` narrows to ones with a schema match. */
function objectPointers(v: JsonValue, at = ""): string[] {
  if (Array.isArray(v)) return v.flatMap((x, k) => objectPointers(x, pointer(at, k)));
  if (!isJsonObject(v)) return [];
  return [at, ...Object.entries(v).flatMap(([k, x]) => objectPointers(x, pointer(at, k)))];
}

function at(v: JsonValue, ptr: string): JsonValue {
  return ptr
    .split("/")
    .slice(1)
    .reduce<JsonValue>(
      (o, k) => (o as Record<string, JsonValue>)[k.replace(/~1/g, "/").replace(/~0/g, "~")] as JsonValue,
      v,
    );
}

/** Present properties whose schema does not allow null, by JSON Pointer. */
function nonNullablePointers(contract: Contract, body: JsonValue): string[] {
  const root = specSchema(contract)!;
  const defs = (root.$defs as Record<string, Schema>) ?? {};
  const out: string[] = [];
  const visit = (raw: Schema, v: JsonValue, ptr: string): void => {
    const { schema, nullable } = deref(raw, defs);
    if (ptr && !nullable && v !== null) out.push(ptr);
    if (isJsonObject(v))
      for (const [k, p] of Object.entries((schema.properties as Record<string, Schema>) ?? {}))
        if (k in v) visit(p, v[k] as JsonValue, pointer(ptr, k));
    if (Array.isArray(v) && schema.items) v.forEach((x, k) => visit(schema.items as Schema, x, pointer(ptr, k)));
  };
  visit(root, body, "");
  return out;
}

/**
 * The arbitrary of one variant's bodies. Conforming bodies validate against the contract; the other
 * variants start from a conforming body and make one labelled deviation.
 */
export function variantArbitrary(contract: Contract, variant: CaseVariant, action?: string): fc.Arbitrary<Generated> {
  const schema = specSchema(contract);
  if (!schema) return fc.constant({ body: "" });
  let base = schemaArbitrary(schema, contract.operationId);
  const actions = actionValues(contract);
  if (variant === "outside-spec") {
    // `action` picks one of the values documented outside the spec.
    const outside = outsideSpecActions(contract);
    if (!outside.length) throw new RangeError(`${contract.operationId} has no action value outside the spec`);
    return fc
      .tuple(base, actionEnum(outside, action))
      .map(([b, a]) => ({ body: { ...(b as Record<string, JsonValue>), action: a }, deviation: "/action" }));
  }
  if (action !== undefined) {
    if (!actions.length) throw new RangeError(`${contract.operationId} has no action`);
    base = fc
      .tuple(base, actionEnum(actions, action))
      .map(([b, a]) => ({ ...(b as Record<string, JsonValue>), action: a }));
  }
  switch (variant) {
    case "conforming":
      return base.map((body) => ({ body }));
    case "unknown-field":
      return fc
        .tuple(
          base,
          fc.nat(),
          fc.stringMatching(/^[a-z]{3,8}$/),
          fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()),
        )
        .map(([body, pick, name, value]) => {
          const targets = objectPointers(body);
          const target = targets[pick % targets.length]!;
          const key = `xUnknown${name[0]!.toUpperCase()}${name.slice(1)}`;
          const copy = structuredClone(body);
          (at(copy, target) as Record<string, JsonValue>)[key] = value;
          return { body: copy, deviation: pointer(target, key) };
        });
    case "unknown-action":
      if (!actions.length) throw new RangeError(`${contract.operationId} has no action`);
      return fc
        .tuple(base, unknownAction([...actions, ...outsideSpecActions(contract)]))
        .map(([b, a]) => ({ body: { ...(b as Record<string, JsonValue>), action: a }, deviation: "/action" }));
    case "null-not-allowed": {
      const topLevel = nonNullableProperties(contract);
      if (!topLevel.length) throw new RangeError(`${contract.operationId} has no property that forbids null`);
      return fc.tuple(base, fc.nat()).map(([body, pick]) => {
        const candidates = nonNullablePointers(contract, body);
        // A sparse body may have nothing to null out: then add a top-level property as null.
        const ptr = candidates[pick % Math.max(1, candidates.length)] ?? pointer("", topLevel[pick % topLevel.length]!);
        const copy = structuredClone(body) as Record<string, JsonValue>;
        const parts = ptr.split("/");
        const key = parts.pop()!.replace(/~1/g, "/").replace(/~0/g, "~");
        (at(copy, parts.join("/")) as Record<string, JsonValue>)[key] = null;
        return { body: copy, deviation: ptr };
      });
    }
    default:
      throw new RangeError(`unknown variant ${String(variant)}`);
  }
}
