import { MatchersV3 as M } from "@pact-foundation/pact";
import type { Schema } from "../contracts/model.ts";
import { isJsonObject, type JsonValue } from "../json/lossless.ts";
import { deref, kindOf } from "../schema/shape.ts";

/**
 * A Pact body template for a response body, with matchers derived from its schema: Pact has no
 * enum or optional matchers, so the body is one concrete example and each leaf says how a
 * provider's value may differ from it. `action` stays exact: it is what the interaction is about.
 */

/** Pact's JSON model is double-based: an int64 example above 2^53 would be rounded, so it is capped. */
const safeExample = (v: bigint | number) => {
  const n = typeof v === "bigint" ? v : BigInt(Math.trunc(v));
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(n > max ? max : n < -max ? -max : n);
};

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export function bodyTemplate(schema: Schema, value: JsonValue): unknown {
  const defs = (schema.$defs as Record<string, Schema>) ?? {};
  const walk = (raw: Schema, v: JsonValue, path: string): unknown => {
    const { schema: s, nullable } = deref(raw, defs);
    if (v === null) return nullable ? M.nullValue() : null;
    switch (kindOf(s)) {
      case "enum": {
        if (path === "/action" || typeof v !== "string") return v;
        const values = (s.enum as JsonValue[]).filter((x): x is string => typeof x === "string");
        return M.regex(`^(${values.map(escapeRegex).join("|")})$`, v);
      }
      case "int64":
      case "integer":
        return typeof v === "bigint" || typeof v === "number" ? M.integer(safeExample(v)) : v;
      case "number":
        return typeof v === "number" ? M.number(v) : typeof v === "bigint" ? M.number(safeExample(v)) : v;
      case "boolean":
        return typeof v === "boolean" ? M.boolean(v) : v;
      case "string":
      case "free-string":
        return typeof v === "string" ? M.string(v) : v;
      case "array": {
        if (!Array.isArray(v) || v.length === 0) return v;
        // At least zero items of the first item's shape: Authlete sends empty arrays too.
        return M.atLeastLike(walk(s.items as Schema, v[0]!, `${path}/*`), 0, 1);
      }
      case "object": {
        if (!isJsonObject(v)) return v;
        const props = (s.properties as Record<string, Schema>) ?? {};
        return Object.fromEntries(
          Object.entries(v).map(([k, x]) => [k, props[k] ? walk(props[k], x, `${path}/${k}`) : M.like(plain(x))]),
        );
      }
      default:
        return M.like(plain(v));
    }
  };
  return walk(schema, value, "");
}

/** JSON data Pact can serialise: bigints become (capped) numbers. */
export function plain(v: JsonValue): unknown {
  if (typeof v === "bigint") return safeExample(v);
  if (Array.isArray(v)) return v.map(plain);
  if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}
