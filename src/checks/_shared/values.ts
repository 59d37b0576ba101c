import type { Schema } from "../../contracts/model.ts";
import { isJsonObject, parseLossless, type JsonValue } from "../../json/lossless.ts";
import { kindOf } from "../../schema/shape.ts";
import { bodyNodes } from "../../schema/body.ts";
import type { Finding, SdkObservation, SdkOutcome } from "../observation.ts";

/** The served body as a lossless value, or undefined when it is not JSON (parsed once per observation). */
export function servedValue(obs: SdkObservation): JsonValue | undefined {
  const m = memo(obs);
  if ("sent" in m) return m.sent;
  try {
    m.sent = obs.served.body ? parseLossless(obs.served.body) : undefined;
  } catch {
    m.sent = undefined;
  }
  return m.sent;
}

const camel = (k: string) => k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** Re-keys a decoded value to the wire's camelCase (deep; free-form maps too: a known limit). */
export function normaliseKeys(v: JsonValue, keys: "camelCase" | "snake_case"): JsonValue {
  if (keys === "camelCase") return v;
  if (Array.isArray(v)) return v.map((x) => normaliseKeys(x, keys));
  if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [camel(k), normaliseKeys(x, keys)]));
  return v;
}

/** The decoded value (keys normalised), or undefined when the SDK did not decode (parsed once per observation). */
export function decodedValue(obs: SdkObservation): JsonValue | undefined {
  if (obs.outcome.kind !== "decoded") return undefined;
  const m = memo(obs);
  return "got" in m ? m.got : (m.got = normaliseKeys(parseLossless(obs.outcome.value), obs.traits.keys));
}

export interface Leaf {
  path: string;
  schema: Schema;
  kind: ReturnType<typeof kindOf>;
  nullable: boolean;
  value: JsonValue;
  /** The documented field, `model#property`, when its object is a named model (the same field in every response that uses the model). */
  model?: string;
  /** The named type of the value, when its schema is a `$defs` entry. */
  type?: string;
}

/**
 * Every documented property present in the served body, depth first, with its schema. Free-form
 * maps (no declared properties) are one leaf each.
 */
export function documentedLeaves(root: Schema, body: JsonValue): Leaf[] {
  const out: Leaf[] = [];
  for (const n of bodyNodes(root, body)) {
    if (n.ptr === "" || !n.documented) continue;
    const leaf: Leaf = { path: n.ptr, schema: n.schema, kind: n.kind, nullable: n.nullable, value: n.value };
    if (n.parentRef && !n.item) leaf.model = `${n.parentRef}#${n.key}`;
    if (n.ref) leaf.type = n.ref;
    out.push(leaf);
  }
  return out;
}

/**
 * What the value checks of one observation share, computed once per observation (every check of
 * a case reads the same served body, decoded value and leaves).
 */
const shared = new WeakMap<SdkObservation, { sent?: JsonValue; got?: JsonValue; leaves?: Leaf[] }>();
const memo = (o: SdkObservation) => {
  let m = shared.get(o);
  if (!m) shared.set(o, (m = {}));
  return m;
};

/** The documented leaves of the served body (see documentedLeaves), once per observation. */
export function leavesOf(o: SdkObservation, sent: JsonValue): Leaf[] {
  const m = memo(o);
  return (m.leaves ??= documentedLeaves(o.contract.response.schema!, sent));
}

/** Leaves sdk.int64-exact owns: declared int64, or any integer a double cannot hold exactly. */
export const isWideInteger = (l: Leaf): boolean =>
  l.value !== null && (l.kind === "int64" || (l.kind === "integer" && typeof l.value === "bigint"));

/** Looks a JSON Pointer up: `{present: false}` when any step is missing. */
export function lookup(v: JsonValue | undefined, ptr: string): { present: boolean; value?: JsonValue } {
  let cur: JsonValue | undefined = v;
  for (const raw of ptr.split("/").slice(1)) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(cur) && /^\d+$/.test(key) && Number(key) < cur.length) cur = cur[Number(key)];
    else if (isJsonObject(cur) && Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key];
    else return { present: false };
  }
  return { present: true, value: cur };
}

/** Values an SDK makes up for an absent field: the zero values of common languages. */
export function isMadeUp(v: JsonValue | undefined): boolean {
  return (
    v === 0 || v === false || v === "" || (Array.isArray(v) && !v.length) || (isJsonObject(v) && !Object.keys(v).length)
  );
}

export const show = (v: unknown): string =>
  v === undefined
    ? "absent"
    : ((JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? `${x}` : x)) as string | undefined)?.slice(
        0,
        160,
      ) ?? String(v));

/** What an SDK outcome was, in one line, for "Received: …". */
export function outcomeText(o: SdkOutcome): string {
  if (o.kind === "error")
    return `${o.errorKind === "unexpected" ? "raw runtime error" : `${o.errorKind} error`}: ${o.message}`;
  if (o.kind === "adapter-failure") return `adapter ${o.reason}: ${o.message}`;
  if (o.kind === "decoded") return "success";
  return o.kind;
}

/** Why an action value is special, from the facts (listed by authlete-java-common only, or listed differently by the sources). */
export function sourceNote(o: SdkObservation, value: string): string | undefined {
  const rule = o.contract.actions.find((a) => a.value === value);
  if (rule && !rule.listedBy.includes("spec")) {
    const specOnly = o.contract.knownDifferences.filter((k) => k.kind === "value-not-in-java").map((k) => k.value);
    return `${value} is documented by authlete-java-common but not in the spec's enum${specOnly.length ? ` (the spec has ${specOnly.join(", ")})` : ""}`;
  }
  if (o.contract.knownDifferences.some((k) => k.value === value))
    return `${value} is listed differently by the spec, authlete-java-common and the TypeScript SDK (see contracts show ${o.contract.operationId})`;
  return undefined;
}

/** Where a finding is, for grouping: its path and the documented field and type there. */
export const placeOf = (leaf: Leaf): Pick<Finding, "path" | "model" | "type"> => ({
  path: leaf.path,
  ...(leaf.model ? { model: leaf.model } : {}),
  ...(leaf.type ? { type: leaf.type } : {}),
});
