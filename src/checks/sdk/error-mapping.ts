import { guarded, called, supported, type Check } from "../registry.ts";
import { outcomeText, servedValue } from "../_shared/values.ts";

/** The family of an injected fault: an Authlete error status, or a 2xx body that is not a JSON object. */
const family = (fault: string) =>
  fault.startsWith("status-") ? "an Authlete error status" : "a 2xx body that is not a JSON object";

/**
 * sdk.error-mapping: an Authlete error status, or a 2xx body that is not a JSON object (also empty
 * or `null`), surfaces as the SDK's own error carrying the status (and resultCode when the body has
 * one); never as success, never as a raw runtime error or a crash. Each way of getting it wrong is
 * one defect whatever the operation (`defect`), so it is one cause.
 */
export const errorMapping: Check = {
  name: "sdk.error-mapping",
  severity: "fail",
  run: guarded([(o) => (o.served.fault ? undefined : "only for injected failures"), supported, called], (o) => {
    const fault = o.served.fault!;
    const out = o.outcome;
    const documented = `Documented: the SDK's own error for ${fault}${o.served.status >= 400 ? `, carrying status ${o.served.status}` : ""}`;
    if (out.kind === "decoded")
      return {
        status: "fail",
        defect: `${family(fault)} handed over as success`,
        message: `Received: success (${out.value.slice(0, 80)})\n${documented}`,
      };
    if (out.kind === "adapter-failure")
      return { status: "fail", message: `Received: ${outcomeText(out)}\n${documented}` };
    if (out.kind !== "error") return { status: "skip", message: out.kind };
    if (out.errorKind === "unexpected")
      return {
        status: "fail",
        defect: "a raw runtime error instead of the SDK's own error",
        message: `Received: ${outcomeText(out)}\n${documented}`,
      };
    if (o.served.status >= 400) {
      if (out.status !== o.served.status)
        return {
          status: "fail",
          defect: "the HTTP status not kept",
          expected: o.served.status,
          actual: out.status,
          message: `Received: ${out.errorKind} error with status ${out.status ?? "none"}\n${documented}`,
        };
      const code = (servedValue(o) as { resultCode?: string } | undefined)?.resultCode;
      if (code && out.resultCode !== code)
        return {
          status: "fail",
          defect: "the resultCode not kept",
          expected: code,
          actual: out.resultCode,
          message: `Received: resultCode ${out.resultCode ?? "none"}\nDocumented: resultCode ${code} from the body`,
        };
    }
    return { status: "pass" };
  }),
};
