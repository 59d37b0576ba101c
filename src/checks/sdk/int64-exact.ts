import {
  guarded,
  called,
  supported,
  conformingOnly,
  decoded,
  jsonBody,
  fromFindings,
  type Check,
} from "../registry.ts";
import { decodedValue, leavesOf, isWideInteger, lookup, servedValue, placeOf, show } from "../_shared/values.ts";
import type { Finding } from "../observation.ts";

/** The integer digits of a decoded value; a string of digits is an idiomatic int64 too (no loss). */
function digitsOf(v: unknown): string | undefined {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v).toString();
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v).toString();
  return undefined;
}

/**
 * sdk.int64-exact: every int64 in the body, and every integer beyond 2^53 whatever its declared
 * format, that reaches the caller has exactly the same digits. A value that does not reach the
 * caller at all is sdk.fields-preserved's.
 */
export const int64Exact: Check = {
  name: "sdk.int64-exact",
  severity: "fail",
  run: guarded([conformingOnly, supported, called, jsonBody, decoded], (o) => {
    const sent = servedValue(o);
    if (sent === undefined) return { status: "skip", message: "empty body" };
    const got = decodedValue(o);
    const leaves = leavesOf(o, sent).filter(isWideInteger);
    if (!leaves.length) return { status: "skip", message: "no int64 value in this body" };
    const found: Finding[] = [];
    let judged = 0;
    for (const leaf of leaves) {
      const at = lookup(got, leaf.path);
      if (!at.present) continue;
      judged++;
      const digits = digitsOf(at.value);
      if (digits === BigInt(leaf.value as number | bigint).toString()) continue;
      // The same double as the documented digits: the SDK decodes int64 through a floating-point number.
      const rounded = digits !== undefined && Number(digits) === Number(leaf.value);
      found.push({
        ...placeOf(leaf),
        ...(rounded ? { defect: "int64 rounded to the nearest double" } : {}),
        expected: leaf.value,
        actual: at.value,
        message: `Received: ${leaf.path} = ${show(at.value)}${rounded ? " (rounded to the nearest double)" : ""}\nDocumented: int64 ${show(leaf.value)}, exact`,
      });
    }
    if (!judged)
      return { status: "skip", message: "no int64 value of this body reached the caller (see sdk.fields-preserved)" };
    return fromFindings(found);
  }),
};
