import { isJsonObject } from "../../json/lossless.ts";
import { guarded, called, supported, variantOnly, controlDecoded, type Check } from "../registry.ts";
import { decodedValue, outcomeText, show, sourceNote } from "../_shared/values.ts";

/**
 * sdk.unknown-action-tolerated: an action the spec does not list neither breaks decoding nor
 * vanishes: the caller gets the raw value or a distinct "unknown" marker (any non-null value that
 * is not another documented action). Forward compatibility: a clean rejection (the SDK's own error)
 * or a vanished value is a warning; a raw crash (an error outside the SDK's own kinds) fails.
 * Values documented only outside the spec (authlete-java-common) are judged the same way, as
 * warnings naming their source. Judged only when the body's control decodes.
 */
export const unknownActionTolerated: Check = {
  name: "sdk.unknown-action-tolerated",
  severity: "fail",
  run: guarded([variantOnly("unknown-action", "outside-spec"), supported, called, controlDecoded], (o) => {
    const sent = o.case.action!;
    const outside = o.case.variant === "outside-spec";
    const note = outside ? sourceNote(o, sent) : undefined;
    const what = outside ? `"${sent}", an action value outside the spec` : `an unknown action ("${sent}")`;
    if (o.outcome.kind !== "decoded") {
      const raw = !outside && (o.outcome.kind !== "error" || o.outcome.errorKind === "unexpected");
      return {
        status: raw ? "fail" : "warn",
        path: "/action",
        message: `Received: ${outcomeText(o.outcome)}\nDocumented: ${what} decodes${raw ? "; it never crashes the SDK raw" : ""}`,
        ...(note ? { note } : {}),
      };
    }
    const got = decodedValue(o);
    const action = isJsonObject(got) ? got.action : undefined;
    const documented = o.contract.actions.filter((a) => a.listedBy.includes("spec")).map((a) => a.value);
    if (
      action === undefined ||
      action === null ||
      (typeof action === "string" && action !== sent && documented.includes(action))
    ) {
      return {
        status: "warn",
        path: "/action",
        expected: sent,
        actual: action,
        message: `Received: action ${show(action)}\nDocumented: for ${what}, the raw value or a distinct unknown marker, not ${action == null ? "nothing" : "a documented value"}`,
        ...(note ? { note } : {}),
      };
    }
    return { status: "pass" };
  }),
};
