import { guarded, supported, variantOnly, type Check } from "../registry.ts";

/** sdk.unknown-field-tolerated: an undocumented property does not make decoding fail. */
export const unknownFieldTolerated: Check = {
  name: "sdk.unknown-field-tolerated",
  severity: "fail",
  run: guarded([variantOnly("unknown-field"), supported], (o) => {
    if (o.outcome.kind === "decoded") return { status: "pass" };
    const what = o.outcome.kind === "error" ? `${o.outcome.errorKind} error: ${o.outcome.message}` : `${o.outcome.kind}`;
    return { status: "fail", path: o.case.deviation, message: `Received: ${what}\nDocumented: an undocumented property (at ${o.case.deviation}) is ignored or kept, never an error` };
  }),
};
