import type { Schema } from "../contracts/model.ts";

/** Bounds of the integer formats the spec uses. */
export const INT_BOUNDS = {
  int32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  int64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

/**
 * Rewrites an OpenAPI 3.0 schema as JSON Schema for ajv:
 * - `nullable: true` becomes a `null` alternative (also beside `enum` and `$ref`);
 * - `type: integer` becomes the custom keyword `losslessInteger`, which accepts a JS number
 *   or a bigint and checks int32/int64 bounds exactly (ajv's own `integer` rejects bigint).
 */
export function toJsonSchema(s: Schema): Schema {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === "nullable") continue;
    if (k === "properties" || k === "$defs")
      out[k] = Object.fromEntries(Object.entries(v as Schema).map(([p, x]) => [p, toJsonSchema(x as Schema)]));
    else if (k === "items") out[k] = toJsonSchema(v as Schema);
    else if (k === "additionalProperties") out[k] = typeof v === "boolean" ? v : toJsonSchema(v as Schema);
    else if (k === "allOf" || k === "oneOf" || k === "anyOf") out[k] = (v as Schema[]).map(toJsonSchema);
    else out[k] = v;
  }
  if (out.type === "integer") {
    delete out.type;
    const format = out.format as string | undefined;
    delete out.format;
    out.losslessInteger = format === "int32" || format === "int64" ? format : "any";
  }
  if (s.nullable !== true) return out;
  if (typeof out.$ref === "string") return { anyOf: [out, { type: "null" }] };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
  if (typeof out.type === "string") out.type = [out.type, "null"];
  else if (out.losslessInteger) return { anyOf: [out, { type: "null" }] };
  return out;
}
