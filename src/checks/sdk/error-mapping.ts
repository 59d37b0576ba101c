import { isJsonObject, jsonEqual, parseLossless } from "../../json/lossless.ts";
import { EXPECTED_KIND, faultFamily, type FaultFamily } from "../../model/faults.ts";
import { guarded, called, supported, type Check } from "../registry.ts";
import { outcomeText, servedValue } from "../_shared/values.ts";
import type { CheckResult, SdkObservation } from "../observation.ts";

/** Each family in words, for messages and for the defects that make one cause of each way of getting it wrong. */
const WHAT: Record<FaultFamily, string> = {
  status: "an Authlete error status",
  body: "a 2xx body that is not a JSON object",
  lenient: "JSON only a lenient parser accepts",
  transport: "a connection reset in the middle of the body",
  timing: "an answer later than the configured timeout",
};

type Verdict = Omit<CheckResult, "check">;

/** The body the SDK's error keeps, compared with what was served: JSON by value, text as written. */
function sameBody(kept: string, served: string): boolean {
  if (kept.trim() === served.trim()) return true;
  try {
    return jsonEqual(parseLossless(kept), parseLossless(served));
  } catch {
    return false;
  }
}

/**
 * What an error of the SDK's own must carry: for an error status, the status and the `resultCode`
 * where the body has one (failures), then the kind it is owed and the body itself (warnings); for a
 * body the SDK could not decode, the kind, then the body or the cause (warnings).
 */
function carried(o: SdkObservation, family: FaultFamily, documented: string): Verdict {
  const out = o.outcome as Extract<SdkObservation["outcome"], { kind: "error" }>;
  const expected = EXPECTED_KIND[family];
  const kind = (): Verdict | undefined =>
    out.errorKind === expected
      ? undefined
      : {
          status: "warn",
          defect: `the SDK's ${out.errorKind} error for ${WHAT[family]}`,
          expected,
          actual: out.errorKind,
          message: `Received: ${outcomeText(out)}\n${documented} (callers that tell errors apart by kind will mistake it)`,
        };
  if (family === "status") {
    // A decode error with no status: the SDK never looked at the status and read the error answer
    // as a success body. The same defect as handing it over as success, so the same cause.
    if (out.errorKind === "decode" && out.status === undefined)
      return {
        status: "fail",
        defect: `${WHAT.status} handed over as success`,
        message: `Received: ${outcomeText(out)} (the error answer was read as a success body)\n${documented}`,
      };
    if (out.status !== o.served.status)
      return {
        status: "fail",
        defect: "the HTTP status not kept",
        expected: o.served.status,
        actual: out.status,
        message: `Received: ${out.errorKind} error with status ${out.status ?? "none"}\n${documented}`,
      };
    const sent = servedValue(o);
    const code = isJsonObject(sent) && typeof sent.resultCode === "string" ? sent.resultCode : undefined;
    if (code && out.resultCode !== code)
      return {
        status: "fail",
        // An error that keeps no body loses the resultCode with it: one defect, the body's.
        defect:
          out.body === undefined && out.resultCode === undefined
            ? "the error keeps no body"
            : "the resultCode not kept",
        expected: code,
        actual: out.resultCode,
        message: `Received: resultCode ${out.resultCode ?? "none"}\nDocumented: resultCode ${code} from the body`,
      };
    const wrongKind = kind();
    if (wrongKind) return wrongKind;
    if (out.body === undefined)
      return {
        status: "warn",
        defect: "the error keeps no body",
        message: `Received: ${out.errorKind} error with status ${out.status}, and no body\nDocumented: the error keeps the body Authlete sent, so callers can read what it said`,
      };
    if (!sameBody(out.body, o.served.body))
      return {
        status: "warn",
        defect: "the error keeps another body",
        expected: o.served.body.slice(0, 200),
        actual: out.body.slice(0, 200),
        message: `Received: an error whose body is ${JSON.stringify(out.body.slice(0, 80))}\nDocumented: the body Authlete sent, ${JSON.stringify(o.served.body.slice(0, 80))}`,
      };
  }
  const wrongKind = kind();
  if (wrongKind) return wrongKind;
  if ((family === "body" || family === "lenient") && out.body === undefined && out.cause === undefined)
    return {
      status: "warn",
      defect: "the decode error keeps neither the body nor its cause",
      message: `Received: ${outcomeText(out)}, with neither the body nor a cause\nDocumented: the error keeps the body it could not decode, or the parser's error as its cause`,
    };
  return { status: "pass" };
}

/** A family of timing faults not served, since the SDK takes no timeout: a warning of its own. */
const noTimeout = (o: SdkObservation): Verdict | undefined =>
  o.served.fault && faultFamily(o.served.fault) === "timing" && !o.sdkTimeout?.configured
    ? {
        status: "warn",
        defect: "the SDK takes no timeout",
        message: `Received: the adapter says its SDK cannot be configured with a timeout\nDocumented: an SDK takes a timeout (here ${o.sdkTimeout?.ms ?? "?"} ms) and gives up after it; without one a hung Authlete hangs the caller (case not served)`,
      }
    : undefined;

/**
 * sdk.error-mapping: an injected failure surfaces as the SDK's own error, of the kind it is owed
 * (api for an error status, decode for a 2xx body that is not a JSON object or only leniently JSON,
 * transport for a reset or a timeout), carrying the status, the `resultCode` and the body (see
 * {@link carried}); never as success, never as a raw runtime error or a crash; and an SDK configured
 * with a timeout gives up after it. Each way of getting it wrong is one defect whatever the
 * operation (`defect`), so it is one cause.
 */
export const errorMapping: Check = {
  name: "sdk.error-mapping",
  severity: "fail",
  run: (o) =>
    o.served.fault ? (noTimeout(o) ?? judged(o)) : { status: "skip", message: "only for injected failures" },
};

const judged = guarded([supported, called], (o): Verdict => {
  const fault = o.served.fault!;
  const family = faultFamily(fault);
  const out = o.outcome;
  const expected = EXPECTED_KIND[family];
  const documented = `Documented: the SDK's own ${expected} error for ${fault}${o.served.status >= 400 ? `, carrying status ${o.served.status}` : ""}`;
  if (out.kind === "decoded") {
    if (family === "timing")
      return {
        status: "fail",
        defect: "no timeout: the SDK waits past the configured timeout",
        message: `Received: success, after waiting past its timeout of ${o.sdkTimeout?.ms} ms\n${documented} after ${o.sdkTimeout?.ms} ms`,
      };
    return {
      status: "fail",
      defect: `${WHAT[family]} handed over as success`,
      message: `Received: success (${out.value.slice(0, 80)})\n${documented}`,
    };
  }
  if (out.kind === "adapter-failure") {
    if (family === "timing" && out.reason === "timeout")
      return {
        status: "fail",
        defect: "no timeout: the SDK waits past the configured timeout",
        message: `Received: no answer from the SDK long after its timeout of ${o.sdkTimeout?.ms} ms (${out.message})\n${documented} after ${o.sdkTimeout?.ms} ms`,
      };
    return { status: "fail", message: `Received: ${outcomeText(out)}\n${documented}` };
  }
  if (out.kind !== "error") return { status: "skip", message: out.kind };
  if (out.errorKind === "unexpected")
    return {
      status: "fail",
      defect: "a raw runtime error instead of the SDK's own error",
      message: `Received: ${outcomeText(out)}\n${documented}`,
    };
  return carried(o, family, documented);
});
