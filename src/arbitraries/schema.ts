import fc from "fast-check";
import type { Schema } from "../contracts/model.ts";
import type { JsonValue } from "../json/lossless.ts";
import { integerOf } from "./integer.ts";
import { nullable, objectOf } from "./optional.ts";
import { formatted, text } from "./text.ts";

/** Thrown at compile time for a schema construct the generators do not support. */
export class UnsupportedSchemaError extends Error {
  override name = "UnsupportedSchemaError";
  constructor(where: string, keyword: string, detail = "") {
    super(`cannot generate values for ${where}: unsupported keyword "${keyword}"${detail ? ` (${detail})` : ""}`);
  }
}

/** Keywords that do not change which values are generated. */
const IGNORED = new Set(["readOnly", "writeOnly", "$defs"]);
const HANDLED = new Set([
  "type",
  "format",
  "properties",
  "items",
  "enum",
  "nullable",
  "required",
  "additionalProperties",
  "$ref",
  "oneOf",
  "anyOf",
  ...IGNORED,
]);

const cache = new WeakMap<Schema, fc.Arbitrary<JsonValue>>();
const MAX_REF_DEPTH = 4;

/**
 * Compiles an OpenAPI schema of a contract (with its local `$defs`) into an arbitrary of lossless
 * JSON values that validate against it. Compiled once per schema object and cached.
 */
export function schemaArbitrary(schema: Schema, where = "#"): fc.Arbitrary<JsonValue> {
  let hit = cache.get(schema);
  if (!hit) {
    hit = compile(schema, (schema.$defs as Record<string, Schema>) ?? {}, where, []);
    cache.set(schema, hit);
  }
  return hit;
}

function compile(s: Schema, defs: Record<string, Schema>, where: string, refStack: string[]): fc.Arbitrary<JsonValue> {
  for (const k of Object.keys(s)) if (!HANDLED.has(k)) throw new UnsupportedSchemaError(where, k);
  const base = compileBase(s, defs, where, refStack);
  return s.nullable === true ? nullable(base) : base;
}

function compileBase(
  s: Schema,
  defs: Record<string, Schema>,
  where: string,
  refStack: string[],
): fc.Arbitrary<JsonValue> {
  if (typeof s.$ref === "string") {
    const name = s.$ref.replace("#/$defs/", "");
    const target = defs[name];
    if (!target) throw new UnsupportedSchemaError(where, "$ref", `dangling ${s.$ref}`);
    // Recursive models stop growing after a few levels: the deepest level is an empty object.
    if (refStack.filter((r) => r === name).length >= MAX_REF_DEPTH) return fc.constant({});
    return compile(target, defs, `${where}→${name}`, [...refStack, name]);
  }
  if (Array.isArray(s.enum)) {
    const values = (s.enum as JsonValue[]).filter((v) => v !== null);
    if (!values.length) throw new UnsupportedSchemaError(where, "enum", "no non-null value");
    return fc.constantFrom(...values);
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    if (Array.isArray(s[key]))
      return fc.oneof(...(s[key] as Schema[]).map((x, k) => compile(x, defs, `${where}/${key}/${k}`, refStack)));
  }
  const type = s.type ?? (s.properties ? "object" : undefined);
  switch (type) {
    case "string": {
      if (typeof s.format !== "string") return text();
      const arb = formatted(s.format);
      if (!arb) throw new UnsupportedSchemaError(where, "format", `string format "${s.format}"`);
      return arb;
    }
    case "integer":
      if (s.format !== undefined && s.format !== "int32" && s.format !== "int64")
        throw new UnsupportedSchemaError(where, "format", `integer format "${String(s.format)}"`);
      return integerOf(s.format);
    case "number":
      return fc
        .double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 })
        .map((d) => (Object.is(d, -0) ? 0 : d));
    case "boolean":
      return fc.boolean();
    case "array": {
      if (!s.items) throw new UnsupportedSchemaError(where, "type", "array without items");
      return fc.array(compile(s.items as Schema, defs, `${where}/items`, refStack), { maxLength: 3 });
    }
    case "object": {
      const props = (s.properties as Record<string, Schema>) ?? {};
      const model = Object.fromEntries(
        Object.entries(props).map(([k, x]) => [k, compile(x, defs, `${where}/properties/${k}`, refStack)]),
      );
      const fixed = objectOf(model, (s.required as string[]) ?? []);
      const extra = additional(s.additionalProperties, defs, where, refStack, Object.keys(props));
      return extra ? fc.tuple(fixed, extra).map(([a, b]) => ({ ...b, ...a })) : fixed;
    }
    case undefined:
      return fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;
    default:
      throw new UnsupportedSchemaError(where, "type", `type "${String(type)}"`);
  }
}

/** Free-form keys allowed by `additionalProperties` (absent or false: none are generated). */
function additional(
  ap: unknown,
  defs: Record<string, Schema>,
  where: string,
  refStack: string[],
  taken: string[],
): fc.Arbitrary<Record<string, JsonValue>> | undefined {
  if (ap === undefined || ap === false) return undefined;
  const value =
    ap === true
      ? (fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>)
      : compile(ap as Schema, defs, `${where}/additionalProperties`, refStack);
  const key = fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !taken.includes(k) && k !== "__proto__");
  return fc.dictionary(key, value, { maxKeys: 3 });
}
