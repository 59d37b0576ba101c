import { faultFamily } from "../model/faults.ts";
import { atLevel, type Check } from "./registry.ts";
import type { CheckResult, SdkObservation } from "./observation.ts";
import { actionPreserved } from "./sdk/action-preserved.ts";
import { decodes } from "./sdk/decodes.ts";
import { errorMapping } from "./sdk/error-mapping.ts";
import { fieldsPreserved } from "./sdk/fields-preserved.ts";
import { int64Exact } from "./sdk/int64-exact.ts";
import { nullVsAbsent } from "./sdk/null-vs-absent.ts";
import { requestConforms } from "./sdk/request-conforms.ts";
import { typeConfusion } from "./sdk/type-confusion.ts";
import { requestFidelity } from "./sdk/request-fidelity.ts";
import { unknownActionTolerated } from "./sdk/unknown-action-tolerated.ts";
import { unknownFieldTolerated } from "./sdk/unknown-field-tolerated.ts";

/** Every SDK check, in report order. Names are stable API (DESIGN.md). */
export const SDK_CHECKS: readonly Check[] = [
  decodes,
  actionPreserved,
  fieldsPreserved,
  int64Exact,
  nullVsAbsent,
  unknownFieldTolerated,
  unknownActionTolerated,
  typeConfusion,
  requestConforms,
  requestFidelity,
  errorMapping,
];

export interface CheckOptions {
  /** Per check: `off` disables it, `warn`/`fail` override its default severity. */
  severity?: Record<string, "off" | "warn" | "fail">;
}

/**
 * Runs every SDK check on one observation. A check that throws yields `error` for itself only; an
 * adapter crash, hang or garbage answer yields one `error` result naming it, and nothing else.
 */
export function runSdkChecks(obs: SdkObservation, opts: CheckOptions = {}): CheckResult[] {
  // Except an SDK that hangs on an answer that comes late or never: that is what the case tests,
  // and sdk.error-mapping owns it ("no timeout").
  const hung =
    obs.outcome.kind === "adapter-failure" &&
    obs.outcome.reason === "timeout" &&
    obs.served.fault !== undefined &&
    faultFamily(obs.served.fault) === "timing";
  if (obs.outcome.kind === "adapter-failure" && !hung) {
    return [
      { check: "sdk.decodes", status: "error", message: `adapter ${obs.outcome.reason}: ${obs.outcome.message}` },
    ];
  }
  const out: CheckResult[] = [];
  for (const c of SDK_CHECKS) {
    if (opts.severity?.[c.name] === "off") continue;
    let r: Omit<CheckResult, "check">;
    try {
      r = c.run(obs);
    } catch (e) {
      r = { status: "error", message: `the check itself failed: ${(e as Error).message}` };
    }
    out.push(atLevel({ check: c.name, ...r }, c, opts.severity));
  }
  return out;
}
