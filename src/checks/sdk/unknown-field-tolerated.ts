import { guarded, called, controlDecoded, supported, variantOnly, type Check } from "../registry.ts";
import { outcomeText } from "../_shared/values.ts";

/**
 * sdk.unknown-field-tolerated: an undocumented property does not make decoding fail. Judged only
 * when the same body without that property decodes (its control).
 */
export const unknownFieldTolerated: Check = {
  name: "sdk.unknown-field-tolerated",
  severity: "fail",
  run: guarded([variantOnly("unknown-field"), supported, called, controlDecoded], (o) => {
    if (o.outcome.kind === "decoded") return { status: "pass" };
    return {
      status: "fail",
      path: o.case.deviation,
      message: `Received: ${outcomeText(o.outcome)}\nDocumented: an undocumented property (at ${o.case.deviation}) is ignored or kept, never an error`,
    };
  }),
};
