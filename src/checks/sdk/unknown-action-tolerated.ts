import { isJsonObject } from "../../json/lossless.ts";
import { guarded, supported, variantOnly, type Check } from "../registry.ts";
import { decodedValue, show } from "../_shared/values.ts";

/**
 * sdk.unknown-action-tolerated: an action the spec does not list yet neither breaks decoding nor
 * vanishes: the caller gets the raw value or a distinct "unknown" marker (any non-null value that
 * is not a documented action). Forward compatibility: a warning by default.
 */
export const unknownActionTolerated: Check = {
  name: "sdk.unknown-action-tolerated",
  severity: "warn",
  run: guarded([variantOnly("unknown-action"), supported], (o) => {
    const sent = o.case.action!;
    if (o.outcome.kind !== "decoded") {
      const what = o.outcome.kind === "error" ? `${o.outcome.errorKind} error: ${o.outcome.message}` : o.outcome.kind;
      return { status: "fail", path: "/action", message: `Received: ${what}\nDocumented: an unknown action ("${sent}") decodes` };
    }
    const got = decodedValue(o);
    const action = isJsonObject(got) ? got.action : undefined;
    const documented = o.contract.actions.map((a) => a.value);
    if (action === undefined || action === null || (typeof action === "string" && documented.includes(action))) {
      return { status: "fail", path: "/action", expected: sent, actual: action, message: `Received: action ${show(action)}\nDocumented: the raw value "${sent}" or a distinct unknown marker, not ${action == null ? "nothing" : "a documented value"}` };
    }
    return { status: "pass" };
  }),
};
