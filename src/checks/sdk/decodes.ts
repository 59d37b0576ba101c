import { guarded, supported, conformingOnly, type Check } from "../registry.ts";

/** sdk.decodes: a conforming 2xx body decodes without error. */
export const decodes: Check = {
  name: "sdk.decodes",
  severity: "fail",
  run: guarded([conformingOnly, supported], (o) => {
    if (o.outcome.kind === "decoded") return { status: "pass" };
    const what = o.outcome.kind === "error" ? `${o.outcome.errorKind} error: ${o.outcome.message}` : o.outcome.kind === "adapter-failure" ? `adapter ${o.outcome.reason}: ${o.outcome.message}` : o.outcome.kind;
    return { status: "fail", message: `Received: ${what}\nDocumented: a body valid against ${o.contract.responseModel ?? "the response schema"} decodes` };
  }),
};
