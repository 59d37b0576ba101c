import fc from "fast-check";
import { INT_BOUNDS } from "../schema/openapi.ts";

/** The int64 values SDKs get wrong, by name; coverage goals refer to these names. */
export const INT64_EDGES = {
  zero: 0n,
  "max-safe": 2n ** 53n - 1n,
  "min-safe": -(2n ** 53n - 1n),
  "above-safe": 2n ** 53n + 1n,
  max: INT_BOUNDS.int64.max,
  min: INT_BOUNDS.int64.min,
} as const;

export type Int64Edge = keyof typeof INT64_EDGES;

/**
 * The lossless-JSON form of an integer: a number when it is safe, else a bigint. This is what
 * `parseLossless` yields for the same digits, so generated and re-parsed values compare equal.
 */
export const toWire = (b: bigint): number | bigint => (b >= -(2n ** 53n - 1n) && b <= 2n ** 53n - 1n ? Number(b) : b);
const fromWire = (v: unknown): bigint => {
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  throw new Error("not an integer");
};

/**
 * An integer of an OpenAPI format. int64 mixes the named edges with the full 64-bit range; the
 * mapper/unmapper pair keeps values pasted from a report shrinkable.
 */
const integers = new Map<string, fc.Arbitrary<number | bigint>>();

export function integerOf(format: "int32" | "int64" | undefined): fc.Arbitrary<number | bigint> {
  const hit = integers.get(format ?? "any");
  if (hit) return hit;
  const b = INT_BOUNDS[format ?? "int64"];
  const edges = format === "int32" ? [0n, 1n, -1n, b.min, b.max] : Object.values(INT64_EDGES);
  const range =
    format === undefined
      ? fc.bigInt({ min: -(2n ** 53n - 1n), max: 2n ** 53n - 1n })
      : fc.bigInt({ min: b.min, max: b.max });
  const arb = fc
    .oneof({ weight: 1, arbitrary: fc.constantFrom(...edges) }, { weight: 3, arbitrary: range })
    .map(toWire, fromWire);
  integers.set(format ?? "any", arb);
  return arb;
}
