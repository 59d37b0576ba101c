import { guarded, supported, jsonBody, type Check } from "../registry.ts";
import { decodedValue, documentedLeaves, isMadeUp, lookup, servedValue, show } from "../_shared/values.ts";
import { deref } from "../../schema/shape.ts";
import type { Schema } from "../../contracts/model.ts";
import { isJsonObject } from "../../json/lossless.ts";
import type { SdkObservation } from "../observation.ts";

/** A null where the spec forbids one: tolerating it is robust, rejecting it at most a warning, crashing fails. */
function notAllowedNull(o: SdkObservation): ReturnType<Check["run"]> {
  if (o.outcome.kind === "decoded") return { status: "pass", message: "tolerated a null the spec does not allow" };
  if (o.outcome.kind === "error" && o.outcome.errorKind !== "unexpected") return { status: "warn", path: o.case.deviation, message: `Received: ${o.outcome.errorKind} error for a null at ${o.case.deviation}\nDocumented: the spec does not allow null here; tolerating it is more robust` };
  const what = o.outcome.kind === "error" ? `raw runtime error: ${o.outcome.message}` : o.outcome.kind === "adapter-failure" ? `adapter ${o.outcome.reason}` : o.outcome.kind;
  return { status: "fail", path: o.case.deviation, message: `Received: ${what}\nDocumented: an unexpected null may be rejected with the SDK's own error, never crash` };
}

/**
 * sdk.null-vs-absent: a spec-allowed null reaches the caller as the SDK declares (kept as null, or
 * folded into absent); it never throws or turns into a value; an absent field is never handed over
 * as a made-up value (0, false, "", [], {}).
 */
export const nullVsAbsent: Check = {
  name: "sdk.null-vs-absent",
  severity: "fail",
  run: guarded([supported, jsonBody, (o) => (o.served.fault ? "fault case" : o.case.variant !== "conforming" && o.case.variant !== "null-not-allowed" ? `not for ${o.case.variant} cases` : undefined)], (o) => {
    if (o.case.variant === "null-not-allowed") return notAllowedNull(o);
    if (o.outcome.kind !== "decoded") return { status: "skip", message: "the SDK did not decode this case (see sdk.decodes)" };
    const sent = servedValue(o);
    if (sent === undefined) return { status: "skip", message: "empty body" };
    const got = decodedValue(o);
    const root = o.contract.response.schema!;
    const defs = (root.$defs as Record<string, Schema>) ?? {};
    const leaves = documentedLeaves(root, sent);
    for (const leaf of leaves.filter((l) => l.value === null)) {
      const found = lookup(got, leaf.path);
      if (o.traits.nulls === "keep" && !found.present) return { status: "fail", path: leaf.path, expected: null, message: `Received: ${leaf.path} absent\nDocumented: null, kept (the adapter declares nulls: "keep")` };
      if (found.present && found.value !== null) return { status: "fail", path: leaf.path, expected: null, actual: found.value, message: `Received: ${leaf.path} = ${show(found.value)}\nDocumented: null (a spec-allowed null must not turn into a value)` };
    }
    // Absent properties of every object present in the body.
    for (const parent of [{ path: "", schema: root, value: sent }, ...leaves.filter((l) => l.kind === "object")]) {
      const s = deref(parent.schema, defs).schema;
      if (!isJsonObject(parent.value)) continue;
      for (const k of Object.keys((s.properties as object) ?? {})) {
        if (k in parent.value) continue;
        const found = lookup(got, `${parent.path}/${k}`);
        if (found.present && isMadeUp(found.value)) return { status: "fail", path: `${parent.path}/${k}`, actual: found.value, message: `Received: ${parent.path}/${k} = ${show(found.value)}\nDocumented: absent (an absent field must not be handed over as a made-up value)` };
      }
    }
    return { status: "pass" };
  }),
};
