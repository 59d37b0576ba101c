import { isJsonObject } from "../../json/lossless.ts";
import { guarded, called, supported, conformingOnly, decoded, type Check } from "../registry.ts";
import { decodedValue, servedValue, show, sourceNote } from "../_shared/values.ts";

/** sdk.action-preserved: every documented action value reaches the caller unchanged. */
export const actionPreserved: Check = {
  name: "sdk.action-preserved",
  severity: "fail",
  run: guarded(
    [
      conformingOnly,
      supported,
      called,
      (o) => (typeof o.case.action === "string" ? undefined : "the body has no action"),
      decoded,
    ],
    (o) => {
      const sent = (servedValue(o) as { action: string }).action;
      const got = decodedValue(o);
      const action = isJsonObject(got) ? got.action : undefined;
      if (action === sent) return { status: "pass" };
      const note = sourceNote(o, sent);
      return {
        status: "fail",
        path: "/action",
        expected: sent,
        actual: action,
        message: `Received: action ${show(action)}\nDocumented: action "${sent}"`,
        ...(note ? { note } : {}),
      };
    },
  ),
};
