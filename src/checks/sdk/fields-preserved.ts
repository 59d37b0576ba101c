import { jsonEqual } from "../../json/lossless.ts";
import { guarded, supported, conformingOnly, decoded, jsonBody, type Check } from "../registry.ts";
import { decodedValue, documentedLeaves, isWideInteger, lookup, servedValue, show } from "../_shared/values.ts";

/**
 * sdk.fields-preserved: every documented property present in the body reaches the caller with the
 * same value, nested ones too. Nulls belong to sdk.null-vs-absent and int64 digits to
 * sdk.int64-exact, so each defect fails exactly one check.
 */
export const fieldsPreserved: Check = {
  name: "sdk.fields-preserved",
  severity: "fail",
  run: guarded([conformingOnly, supported, jsonBody, decoded], (o) => {
    const sent = servedValue(o);
    if (sent === undefined) return { status: "skip", message: "empty body" };
    const got = decodedValue(o);
    for (const leaf of documentedLeaves(o.contract.response.schema!, sent)) {
      // Nulls, wide integers and the action each belong to their own check.
      if (leaf.value === null || isWideInteger(leaf) || leaf.path === "/action" || leaf.kind === "object" || leaf.kind === "array") continue;
      const found = lookup(got, leaf.path);
      if (!found.present) return { status: "fail", path: leaf.path, expected: leaf.value, message: `Received: ${leaf.path} absent\nDocumented: ${leaf.path} = ${show(leaf.value)}` };
      if (!jsonEqual(found.value, leaf.value)) return { status: "fail", path: leaf.path, expected: leaf.value, actual: found.value, message: `Received: ${leaf.path} = ${show(found.value)}\nDocumented: ${leaf.path} = ${show(leaf.value)}` };
    }
    return { status: "pass" };
  }),
};
