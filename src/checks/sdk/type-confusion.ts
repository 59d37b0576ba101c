import { jsonEqual, parseLossless, type JsonValue } from "../../json/lossless.ts";
import { guarded, called, controlDecoded, supported, variantOnly, type Check } from "../registry.ts";
import { decodedValue, lookup, normaliseKeys, outcomeText, servedValue, show } from "../_shared/values.ts";
import type { Finding } from "../observation.ts";

/** What a value is, in words shared by every field (so one coercion is one cause wherever it happens). */
function what(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (typeof v === "string")
    return /^-?\d+(\.\d+)?$/.test(v)
      ? "a numeric string"
      : v === "true" || v === "false"
        ? "a boolean string"
        : "a string";
  if (typeof v === "number" || typeof v === "bigint") return "a number";
  if (typeof v === "boolean") return "a boolean";
  return Array.isArray(v) ? "an array" : "an object";
}

/**
 * sdk.type-confusion: a property served with the wrong JSON type (a numeric string for an integer,
 * a string for a boolean, an object for a string, ...) is rejected with the SDK's own decode error,
 * or handed over exactly as sent. A raw runtime error fails; a value silently coerced into another
 * (or dropped) is a warning, one cause per kind of coercion. Judged only when the same body with
 * the right types (its control, a coverage body) decodes, and only on fields the control handed over.
 */
export const typeConfusion: Check = {
  name: "sdk.type-confusion",
  severity: "fail",
  run: guarded([variantOnly("wrong-type"), supported, called, controlDecoded], (o) => {
    const deviations = o.case.deviations ?? (o.case.deviation ? [o.case.deviation] : []);
    if (!deviations.length) return { status: "skip", message: "no wrong-typed value left in this body" };
    const out = o.outcome;
    if (out.kind === "error" && out.errorKind !== "unexpected")
      return { status: "pass", message: `rejected with the SDK's own ${out.errorKind} error` };
    if (out.kind !== "decoded")
      return {
        status: "fail",
        defect: "a raw runtime error on a wrong-typed value",
        ...(deviations.length === 1 ? { path: deviations[0] } : {}),
        message: `Received: ${outcomeText(out)}\nDocumented: a value of the wrong JSON type (at ${deviations.join(", ")}) is rejected with the SDK's own decode error, never a raw runtime error`,
      };
    const sent = servedValue(o);
    const got = decodedValue(o);
    // A field the SDK loses with the right type too is sdk.fields-preserved's (seen on the control).
    const control =
      o.control?.outcome.kind === "decoded"
        ? normaliseKeys(parseLossless(o.control.outcome.value), o.traits.keys)
        : undefined;
    const found: Finding[] = [];
    for (const path of deviations) {
      const wrong = lookup(sent, path).value;
      const at = lookup(got, path);
      if (at.present && jsonEqual(at.value, wrong)) continue;
      if (control !== undefined && !lookup(control, path).present) continue;
      const defect = at.present
        ? `${what(wrong)} silently coerced into ${what(at.value)}`
        : `${what(wrong)} of the wrong type silently dropped`;
      found.push({
        path,
        defect,
        expected: wrong,
        ...(at.present ? { actual: at.value } : {}),
        message: `Received: ${path} = ${show(at.present ? at.value : undefined)}, for ${show(wrong)} served there (the wrong JSON type)\nDocumented: the SDK's own decode error, or the value as sent; never ${at.present ? "coerced" : "dropped"} silently`,
      });
    }
    if (!found.length) return { status: "pass", message: "handed over as sent" };
    const [first] = found as [Finding, ...Finding[]];
    return { status: "warn", ...first, ...(found.length > 1 ? { findings: found } : {}) };
  }),
};
