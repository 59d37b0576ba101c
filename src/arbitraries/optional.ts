import fc from "fast-check";
import type { JsonValue } from "../json/lossless.ts";
import { ObjectArbitrary } from "./_internals/ObjectArbitrary.ts";

/** A value that may also be an explicit `null` (OpenAPI `nullable: true`). */
export function nullable<T extends JsonValue>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.option(arb, { nil: null, freq: 4 });
}

/**
 * An object whose properties are each absent or present (required ones always present), present
 * 5 times in 6 like fc.record. Keys come out in schema order, as a server writes them.
 */
export function objectOf(
  props: Record<string, fc.Arbitrary<JsonValue>>,
  required: string[] = [],
): fc.Arbitrary<{ [k: string]: JsonValue }> {
  const keys = Object.keys(props);
  if (!keys.length) return fc.constant({});
  return new ObjectArbitrary(
    keys,
    keys.map((k) => props[k]!),
    new Set(required.filter((r) => r in props)),
  );
}
