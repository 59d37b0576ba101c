import { describe, expect, it } from "vitest";
import { loadProfile } from "../../contracts/store.ts";
import { faultCatalogue } from "../../generate/faults.ts";
import type { FaultKind, SdkObservation, SdkOutcome } from "../observation.ts";
import { errorMapping } from "./error-mapping.ts";

const profile = loadProfile("authlete-3.0.16");
const token = profile.byId.get("auth_token_api")!;

/** An observation of one catalogue entry of auth_token_api, answered with `outcome`. */
function obs(fault: FaultKind, outcome: SdkOutcome, configured = true): SdkObservation {
  const p = faultCatalogue(token).find((f) => f.fault === fault)!;
  return {
    contract: token,
    case: p.case,
    served: { status: p.status, body: p.case.body, fault },
    outcome,
    traits: { nulls: "keep", keys: "camelCase" },
    requests: [
      {
        method: "POST",
        path: "/api/42/auth/token",
        query: {},
        headers: { authorization: "Bearer t" },
        body: "{}",
        operationId: "auth_token_api",
        problems: [],
      },
    ],
    credentials: { serviceId: "42", accessToken: "t" },
    sdkTimeout: { ms: 1000, configured },
  };
}
const bodyOf = (fault: FaultKind) => faultCatalogue(token).find((f) => f.fault === fault)!.case.body;
type SdkError = Extract<SdkOutcome, { kind: "error" }>;
const api = (fault: FaultKind, extra: Partial<SdkError> = {}): SdkError => ({
  kind: "error",
  errorKind: "api",
  message: "Authlete answered an error",
  status: Number(/\d+/.exec(fault)![0]),
  body: bodyOf(fault),
  ...extra,
});
const verdict = (o: SdkObservation) => {
  const r = errorMapping.run(o);
  return [r.status, r.defect];
};

describe("sdk.error-mapping on the fault catalogue", () => {
  it("passes the SDK's own error that keeps the status, the resultCode and the body", () => {
    expect(verdict(obs("status-409", api("status-409", { resultCode: "A001409" })))).toEqual(["pass", undefined]);
    expect(verdict(obs("status-503-no-code", api("status-503-no-code")))).toEqual(["pass", undefined]);
    expect(verdict(obs("status-502-html", api("status-502-html")))).toEqual(["pass", undefined]);
  });

  it("fails an error status handed over as success, a lost status or resultCode, a raw error, a crash", () => {
    expect(verdict(obs("status-404", { kind: "decoded", value: "{}" }))).toEqual([
      "fail",
      "an Authlete error status handed over as success",
    ]);
    expect(verdict(obs("status-404", api("status-404", { resultCode: "A001404", status: 500 })))).toEqual([
      "fail",
      "the HTTP status not kept",
    ]);
    expect(verdict(obs("status-400", api("status-400")))).toEqual(["fail", "the resultCode not kept"]);
    // With no body, the resultCode goes with it: charged to the lost body, failing where a code was sent.
    expect(verdict(obs("status-400", api("status-400", { body: undefined })))).toEqual([
      "fail",
      "the error keeps no body",
    ]);
    // A decode error without a status: the error answer was read as a success body.
    const readAsSuccess: SdkOutcome = { kind: "error", errorKind: "decode", message: "not JSON" };
    expect(verdict(obs("status-502-html", readAsSuccess))).toEqual([
      "fail",
      "an Authlete error status handed over as success",
    ]);
    const raw: SdkOutcome = { kind: "error", errorKind: "unexpected", message: "SyntaxError: Unexpected token" };
    expect(verdict(obs("non-json-json", raw))).toEqual(["fail", "a raw runtime error instead of the SDK's own error"]);
    expect(verdict(obs("array-body", { kind: "adapter-failure", reason: "crash", message: "exit 1" }))[0]).toBe("fail");
  });

  it("warns when the error keeps no body, another body, or is of another kind", () => {
    const noBody = api("status-500", { resultCode: "A001101", body: undefined });
    expect(verdict(obs("status-500", noBody))).toEqual(["warn", "the error keeps no body"]);
    expect(verdict(obs("status-500", { ...noBody, body: "{}" }))).toEqual(["warn", "the error keeps another body"]);
    // The same JSON with other spacing is the same body.
    const spaced = api("status-500", {
      resultCode: "A001101",
      body: JSON.stringify(JSON.parse(bodyOf("status-500")), null, 2),
    });
    expect(verdict(obs("status-500", spaced))).toEqual(["pass", undefined]);
    expect(verdict(obs("status-401-no-code", api("status-401-no-code", { errorKind: "transport" })))).toEqual([
      "warn",
      "the SDK's transport error for an Authlete error status",
    ]);
  });

  it("owes a decode error for every 2xx body that is not a JSON object, lenient JSON included", () => {
    const decodeError = (body?: string, cause?: string): SdkOutcome => ({
      kind: "error",
      errorKind: "decode",
      message: "not an object",
      ...(body !== undefined ? { body } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
    for (const f of ["null-body", "array-body", "string-body", "number-body", "boolean-body", "empty"] as const) {
      expect(verdict(obs(f, decodeError(bodyOf(f)))), f).toEqual(["pass", undefined]);
      expect(verdict(obs(f, { kind: "decoded", value: "{}" })), f).toEqual([
        "fail",
        "a 2xx body that is not a JSON object handed over as success",
      ]);
    }
    expect(verdict(obs("lenient-single-quotes", { kind: "decoded", value: "{}" }))).toEqual([
      "fail",
      "JSON only a lenient parser accepts handed over as success",
    ]);
    expect(verdict(obs("truncated-json", decodeError(undefined, "SyntaxError: end of input")))).toEqual([
      "pass",
      undefined,
    ]);
    expect(verdict(obs("non-json-text", decodeError()))).toEqual([
      "warn",
      "the decode error keeps neither the body nor its cause",
    ]);
  });

  it("owes a transport error after the configured timeout, and warns when the SDK takes none", () => {
    const transport: SdkOutcome = { kind: "error", errorKind: "transport", message: "timed out" };
    expect(verdict(obs("delay", transport))).toEqual(["pass", undefined]);
    expect(verdict(obs("hang", transport))).toEqual(["pass", undefined]);
    expect(verdict(obs("reset-mid-body", transport))).toEqual(["pass", undefined]);
    expect(verdict(obs("delay", { kind: "decoded", value: "{}" }))).toEqual([
      "fail",
      "no timeout: the SDK waits past the configured timeout",
    ]);
    expect(verdict(obs("hang", { kind: "adapter-failure", reason: "timeout", message: "no answer" }))).toEqual([
      "fail",
      "no timeout: the SDK waits past the configured timeout",
    ]);
    const notServed: SdkOutcome = { kind: "unsupported", message: "not served" };
    expect(verdict(obs("hang", notServed, false))).toEqual(["warn", "the SDK takes no timeout"]);
  });
});
