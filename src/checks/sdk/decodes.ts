import { guarded, called, supported, conformingOnly, type Check } from "../registry.ts";
import { outcomeText } from "../_shared/values.ts";

/** sdk.decodes: a conforming 2xx body decodes without error. */
export const decodes: Check = {
  name: "sdk.decodes",
  severity: "fail",
  run: guarded([conformingOnly, supported, called], (o) => {
    if (o.outcome.kind === "decoded") return { status: "pass" };
    return {
      status: "fail",
      message: `Received: ${outcomeText(o.outcome)}\nDocumented: a body valid against ${o.contract.responseModel ?? "the response schema"} decodes`,
    };
  }),
};
