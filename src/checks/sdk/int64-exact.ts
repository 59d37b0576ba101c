import { guarded, supported, conformingOnly, decoded, jsonBody, type Check } from "../registry.ts";
import { decodedValue, documentedLeaves, isWideInteger, lookup, servedValue, show } from "../_shared/values.ts";

/** The integer digits of a decoded value; a string of digits is an idiomatic int64 too (no loss). */
function digitsOf(v: unknown): string | undefined {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v).toString();
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v).toString();
  return undefined;
}

/**
 * sdk.int64-exact: every int64 in the body, and every integer beyond 2^53 whatever its declared
 * format, reaches the caller with exactly the same digits.
 */
export const int64Exact: Check = {
  name: "sdk.int64-exact",
  severity: "fail",
  run: guarded([conformingOnly, supported, jsonBody, decoded], (o) => {
    const sent = servedValue(o);
    if (sent === undefined) return { status: "skip", message: "empty body" };
    const got = decodedValue(o);
    const leaves = documentedLeaves(o.contract.response.schema!, sent).filter(isWideInteger);
    if (!leaves.length) return { status: "skip", message: "no int64 value in this body" };
    for (const leaf of leaves) {
      const found = lookup(got, leaf.path);
      const ok = digitsOf(found.value) === BigInt(leaf.value as number | bigint).toString();
      if (!ok) return { status: "fail", path: leaf.path, expected: leaf.value, actual: found.value, message: `Received: ${leaf.path} = ${show(found.value)}\nDocumented: int64 ${show(leaf.value)}, exact` };
    }
    return { status: "pass" };
  }),
};
