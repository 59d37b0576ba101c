import type { Schema } from "../../contracts/model.ts";
import { pointer } from "../../json/diff.ts";
import { isJsonObject, parseLossless, type JsonValue } from "../../json/lossless.ts";
import { deref, kindOf } from "../../schema/shape.ts";
import type { SdkObservation } from "../observation.ts";

/** The served body as a lossless value, or undefined when it is not JSON. */
export function servedValue(obs: SdkObservation): JsonValue | undefined {
  try {
    return obs.served.body ? parseLossless(obs.served.body) : undefined;
  } catch {
    return undefined;
  }
}

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Re-keys a decoded value to the wire's camelCase (deep; free-form maps too: a known limit). */
export function normaliseKeys(v: JsonValue, keys: "camelCase" | "snake_case"): JsonValue {
  if (keys === "camelCase") return v;
  if (Array.isArray(v)) return v.map((x) => normaliseKeys(x, keys));
  if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), normaliseKeys(x, keys)]));
  return v;
}

/** The decoded value (keys normalised), or undefined when the SDK did not decode. */
export function decodedValue(obs: SdkObservation): JsonValue | undefined {
  if (obs.outcome.kind !== "decoded") return undefined;
  return normaliseKeys(parseLossless(obs.outcome.value), obs.traits.keys);
}

export interface Leaf {
  path: string;
  schema: Schema;
  kind: ReturnType<typeof kindOf>;
  nullable: boolean;
  value: JsonValue;
}

/**
 * Every documented property present in the served body, depth first, with its schema. Free-form
 * maps (no declared properties) are one leaf each.
 */
export function documentedLeaves(root: Schema, body: JsonValue): Leaf[] {
  const defs = (root.$defs as Record<string, Schema>) ?? {};
  const out: Leaf[] = [];
  const visit = (raw: Schema, v: JsonValue, path: string) => {
    const { schema, nullable } = deref(raw, defs);
    const kind = kindOf(schema);
    if (path) out.push({ path, schema, kind, nullable, value: v });
    if (kind === "object" && isJsonObject(v) && schema.properties) {
      for (const [k, p] of Object.entries(schema.properties as Record<string, Schema>)) if (Object.prototype.hasOwnProperty.call(v, k)) visit(p, v[k] as JsonValue, pointer(path, k));
    }
    if (kind === "array" && Array.isArray(v) && schema.items) v.forEach((x, k) => visit(schema.items as Schema, x, pointer(path, k)));
  };
  visit(root, body, "");
  return out;
}

/** Leaves sdk.int64-exact owns: declared int64, or any integer a double cannot hold exactly. */
export const isWideInteger = (l: Leaf): boolean => l.value !== null && (l.kind === "int64" || (l.kind === "integer" && typeof l.value === "bigint"));

/** Looks a JSON Pointer up: `{present: false}` when any step is missing. */
export function lookup(v: JsonValue | undefined, ptr: string): { present: boolean; value?: JsonValue } {
  let cur: JsonValue | undefined = v;
  for (const raw of ptr.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur) && /^\d+$/.test(key) && Number(key) < cur.length) cur = cur[Number(key)];
    else if (isJsonObject(cur) && Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key];
    else return { present: false };
  }
  return { present: true, value: cur as JsonValue };
}

/** Values an SDK makes up for an absent field: the zero values of common languages. */
export function isMadeUp(v: JsonValue | undefined): boolean {
  return v === 0 || v === false || v === "" || (Array.isArray(v) && !v.length) || (isJsonObject(v) && !Object.keys(v).length);
}

export const show = (v: unknown): string => (v === undefined ? "absent" : JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}` : x))?.slice(0, 160) ?? String(v));
