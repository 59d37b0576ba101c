import { guarded, called, controlDecoded, supported, jsonBody, fromFindings, type Check } from "../registry.ts";
import {
  decodedValue,
  leavesOf,
  isMadeUp,
  lookup,
  outcomeText,
  servedValue,
  placeOf,
  show,
} from "../_shared/values.ts";
import { deref } from "../../schema/shape.ts";
import type { Schema } from "../../contracts/model.ts";
import { isJsonObject } from "../../json/lossless.ts";
import type { Finding, SdkObservation } from "../observation.ts";

/** A null where the spec forbids one: tolerating it is robust, rejecting it at most a warning, crashing fails. */
function notAllowedNull(o: SdkObservation): ReturnType<Check["run"]> {
  const control = controlDecoded(o);
  if (control) return { status: "skip", message: control };
  if (o.outcome.kind === "decoded") return { status: "pass", message: "tolerated a null the spec does not allow" };
  if (o.outcome.kind === "error" && o.outcome.errorKind !== "unexpected")
    return {
      status: "warn",
      path: o.case.deviation,
      message: `Received: ${outcomeText(o.outcome)}, for a null at ${o.case.deviation}\nDocumented: the spec does not allow null here; tolerating it is more robust`,
    };
  return {
    status: "fail",
    path: o.case.deviation,
    message: `Received: ${outcomeText(o.outcome)}\nDocumented: an unexpected null (at ${o.case.deviation}) may be rejected with the SDK's own error, never crash`,
  };
}

/**
 * sdk.null-vs-absent: a spec-allowed null reaches the caller as the SDK declares (kept as null, or
 * folded into absent); it never throws or turns into a value; an absent field is never handed over
 * as a made-up value (0, false, "", [], {}).
 */
export const nullVsAbsent: Check = {
  name: "sdk.null-vs-absent",
  severity: "fail",
  run: guarded(
    [
      supported,
      called,
      jsonBody,
      (o) =>
        o.served.fault
          ? "fault case"
          : o.case.variant !== "conforming" && o.case.variant !== "null-not-allowed"
            ? `not for ${o.case.variant} cases`
            : undefined,
    ],
    (o) => {
      if (o.case.variant === "null-not-allowed") return notAllowedNull(o);
      if (o.outcome.kind !== "decoded")
        return { status: "skip", message: "the SDK did not decode this case (see sdk.decodes)" };
      const sent = servedValue(o);
      if (sent === undefined) return { status: "skip", message: "empty body" };
      const got = decodedValue(o);
      const root = o.contract.response.schema!;
      const defs = (root.$defs as Record<string, Schema>) ?? {};
      const leaves = leavesOf(o, sent);
      const found: Finding[] = [];
      for (const leaf of leaves.filter((l) => l.value === null)) {
        const at = lookup(got, leaf.path);
        if (o.traits.nulls === "keep" && !at.present)
          found.push({
            ...placeOf(leaf),
            defect: "explicit null dropped (the adapter declares nulls kept)",
            expected: null,
            message: `Received: ${leaf.path} absent\nDocumented: null, kept (the adapter declares nulls: "keep")`,
          });
        else if (at.present && at.value !== null)
          found.push({
            ...placeOf(leaf),
            defect: "a spec-allowed null turned into a value",
            expected: null,
            actual: at.value,
            message: `Received: ${leaf.path} = ${show(at.value)}\nDocumented: null (a spec-allowed null must not turn into a value)`,
          });
      }
      // Absent properties of every object present in the body.
      for (const parent of [{ path: "", schema: root, value: sent }, ...leaves.filter((l) => l.kind === "object")]) {
        const s = deref(parent.schema, defs).schema;
        if (!isJsonObject(parent.value)) continue;
        for (const k of Object.keys((s.properties as object) ?? {})) {
          if (k in parent.value) continue;
          const at = lookup(got, `${parent.path}/${k}`);
          if (at.present && isMadeUp(at.value))
            found.push({
              path: `${parent.path}/${k}`,
              defect: "an absent field handed over as a made-up value",
              actual: at.value,
              message: `Received: ${parent.path}/${k} = ${show(at.value)}\nDocumented: absent (an absent field must not be handed over as a made-up value)`,
            });
        }
      }
      return fromFindings(found);
    },
  ),
};
