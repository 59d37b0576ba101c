import type { Schema } from "../contracts/model.ts";
import type { JsonValue } from "../json/lossless.ts";
import { deref, kindOf } from "./shape.ts";

/** A string for each format the spec's schemas use where "sample" would not be valid. */
const FORMATTED: Record<string, string> = {
  uri: "https://client.example.org/cb",
  url: "https://client.example.org/cb",
  "date-time": "2024-01-01T00:00:00Z",
  email: "user@example.com",
};

/**
 * The simplest valid value of a schema: required properties only, no items, the first enum value,
 * "sample", 1, false. The value a reducer replaces a value with, and the minimal request of a Pact interaction.
 * Valid for every schema of the spec (no minLength, minimum or minItems occurs in it).
 */
export function simplestValue(raw: Schema, defs: Record<string, Schema>, depth = 0): JsonValue {
  const { schema: s } = deref(raw, defs);
  switch (kindOf(s)) {
    case "enum":
      return (s.enum as JsonValue[]).find((v) => v !== null) ?? null;
    case "string":
      return FORMATTED[s.format as string] ?? "sample";
    case "int64":
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object": {
      const out: Record<string, JsonValue> = {};
      if (depth > 8) return out; // required cycles do not occur in the spec; guard anyway
      const props = (s.properties as Record<string, Schema> | undefined) ?? {};
      for (const k of (s.required as string[] | undefined) ?? [])
        out[k] = simplestValue(props[k] ?? {}, defs, depth + 1);
      return out;
    }
    default:
      return "sample";
  }
}
