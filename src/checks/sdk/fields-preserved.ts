import { jsonEqual } from "../../json/lossless.ts";
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

/** A string that reads as another JSON value ("null", "true", "[1]") or is blank: an SDK that loses one loses it in every field. */
function trickyString(v: unknown): string | undefined {
  if (typeof v !== "string") return undefined;
  if (/^\s*$/.test(v)) return v ? "a whitespace-only string" : undefined;
  try {
    JSON.parse(v);
    return `the string ${JSON.stringify(v)}`;
  } catch {
    return undefined;
  }
}

const withDefect = (tricky: string | undefined, what: string) => (tricky ? { defect: `${tricky} ${what}` } : {});

/**
 * sdk.fields-preserved: every documented property present in the body reaches the caller with the
 * same value, nested ones too. Every lost or changed field of the case is reported, not the first.
 * Nulls belong to sdk.null-vs-absent and int64 digits to sdk.int64-exact (an int64 that vanishes
 * is lost here), so each defect fails exactly one check. A string that reads as another JSON value
 * and is lost is one defect whatever the field (an SDK that maps "null" to null does it everywhere).
 */
export const fieldsPreserved: Check = {
  name: "sdk.fields-preserved",
  severity: "fail",
  run: guarded([conformingOnly, supported, called, jsonBody, decoded], (o) => {
    const sent = servedValue(o);
    if (sent === undefined) return { status: "skip", message: "empty body" };
    const got = decodedValue(o);
    const found: Finding[] = [];
    for (const leaf of leavesOf(o, sent)) {
      // Nulls and the action each belong to their own check; containers are judged by their leaves.
      if (leaf.value === null || leaf.path === "/action" || leaf.kind === "object" || leaf.kind === "array") continue;
      const at = lookup(got, leaf.path);
      // Computed only for a lost field: JSON.parse throwing on every sent string is the check's cost otherwise.
      const tricky = () => trickyString(leaf.value);
      if (!at.present)
        found.push({
          ...placeOf(leaf),
          ...withDefect(tricky(), "dropped"),
          expected: leaf.value,
          message: `Received: ${leaf.path} absent\nDocumented: ${leaf.path} = ${show(leaf.value)}`,
        });
      else if (!isWideInteger(leaf) && !jsonEqual(at.value, leaf.value))
        found.push({
          ...placeOf(leaf),
          ...withDefect(tricky(), "changed"),
          expected: leaf.value,
          actual: at.value,
          message: `Received: ${leaf.path} = ${show(at.value)}\nDocumented: ${leaf.path} = ${show(leaf.value)}`,
        });
    }
    return fromFindings(found);
  }),
};
