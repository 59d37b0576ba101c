import { isJsonObject } from "../../json/lossless.ts";
import { guarded, supported, conformingOnly, decoded, type Check } from "../registry.ts";
import { decodedValue, servedValue, show } from "../_shared/values.ts";
import type { SdkObservation } from "../observation.ts";

/** The source difference recorded for an action value, if any (e.g. SERVER_ERROR vs INTERNAL_SERVER_ERROR). */
function sourceNote(o: SdkObservation, value: string): string | undefined {
  const rule = o.contract.actions.find((a) => a.value === value);
  if (rule && !rule.listedBy.includes("spec")) {
    const specOnly = o.contract.knownDifferences.filter((k) => k.kind === "value-not-in-java").map((k) => k.value);
    return `${value} is documented by authlete-java-common but not in the spec's enum${specOnly.length ? ` (the spec has ${specOnly.join(", ")})` : ""}`;
  }
  if (o.contract.knownDifferences.some((k) => k.value === value)) return `${value} is listed differently by the spec, authlete-java-common and the TypeScript SDK (see contracts show ${o.contract.operationId})`;
  return undefined;
}

/** sdk.action-preserved: every documented action value reaches the caller unchanged. */
export const actionPreserved: Check = {
  name: "sdk.action-preserved",
  severity: "fail",
  run: guarded([conformingOnly, supported, (o) => (typeof o.case.action === "string" ? undefined : "the body has no action"), decoded], (o) => {
    const sent = (servedValue(o) as { action: string }).action;
    const got = decodedValue(o);
    const action = isJsonObject(got) ? got.action : undefined;
    if (action === sent) return { status: "pass" };
    const note = sourceNote(o, sent);
    return { status: "fail", path: "/action", expected: sent, actual: action, message: `Received: action ${show(action)}\nDocumented: action "${sent}"`, ...(note ? { note } : {}) };
  }),
};
