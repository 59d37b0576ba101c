import { describe, expect, it } from "vitest";
import { loadProfile } from "../../contracts/store.ts";
import type { SdkObservation, SdkOutcome } from "../observation.ts";
import { runSdkChecks } from "../run-checks.ts";

const contract = loadProfile("authlete-3.0.16").byId.get("auth_token_api")!;
const body = '{"action":"OK","accessTokenDuration":"42","clientIdAliasUsed":"true","subject":{"value":"x"}}';
const RIGHT = '{"action":"OK","accessTokenDuration":1,"clientIdAliasUsed":true,"subject":"s"}';
const deviations = ["/accessTokenDuration", "/clientIdAliasUsed", "/subject"];

const decoded = (value: string): SdkOutcome => ({ kind: "decoded", value });

function obs(outcome: SdkOutcome, control: SdkOutcome = decoded(RIGHT)): SdkObservation {
  return {
    contract,
    case: {
      id: "auth_token_api~wrong-type~0~0",
      operationId: "auth_token_api",
      variant: "wrong-type",
      action: "OK",
      body,
      deviation: deviations[0],
      deviations,
    },
    served: { status: 200, body },
    outcome,
    traits: { nulls: "keep", keys: "camelCase" },
    requests: [
      {
        method: "POST",
        path: "/api/42/auth/token",
        query: {},
        headers: {},
        body: "",
        operationId: "auth_token_api",
        problems: [],
      },
    ],
    credentials: { serviceId: "42", accessToken: "t" },
    control: { caseId: "auth_token_api~coverage~20", outcome: control },
  };
}
/** Every check that did not skip: only sdk.type-confusion (and the request check) may judge a wrong-type body. */
const judged = (o: SdkObservation) =>
  runSdkChecks(o)
    .filter((r) => r.status !== "skip")
    .map((r) => [r.check, r.status]);

describe("sdk.type-confusion", () => {
  it("passes the SDK's own decode error, and a value handed over as sent", () => {
    expect(judged(obs({ kind: "error", errorKind: "decode", message: "not an integer" }))).toEqual([
      ["sdk.type-confusion", "pass"],
      ["sdk.request-conforms", "pass"],
    ]);
    expect(judged(obs(decoded(body)))).toEqual([
      ["sdk.type-confusion", "pass"],
      ["sdk.request-conforms", "pass"],
    ]);
  });

  it("fails a raw runtime error", () => {
    const r = runSdkChecks(obs({ kind: "error", errorKind: "unexpected", message: "TypeError: x.trim" })).find(
      (x) => x.check === "sdk.type-confusion",
    )!;
    expect(r).toMatchObject({ status: "fail", defect: "a raw runtime error on a wrong-typed value" });
  });

  it("warns on every value silently coerced or dropped, one defect per kind of coercion", () => {
    const r = runSdkChecks(obs(decoded('{"action":"OK","accessTokenDuration":42,"clientIdAliasUsed":true}'))).find(
      (x) => x.check === "sdk.type-confusion",
    )!;
    expect(r.status).toBe("warn");
    expect(r.findings?.map((f) => [f.path, f.defect])).toEqual([
      ["/accessTokenDuration", "a numeric string silently coerced into a number"],
      ["/clientIdAliasUsed", "a boolean string silently coerced into a boolean"],
      ["/subject", "an object of the wrong type silently dropped"],
    ]);
  });

  it("leaves a field the SDK loses with the right type too to sdk.fields-preserved", () => {
    const lost = obs(
      decoded('{"action":"OK","accessTokenDuration":"42","clientIdAliasUsed":"true"}'),
      decoded('{"action":"OK","accessTokenDuration":1,"clientIdAliasUsed":true}'),
    );
    expect(judged(lost)).toEqual([
      ["sdk.type-confusion", "pass"],
      ["sdk.request-conforms", "pass"],
    ]);
  });

  it("skips when the same body with the right types did not decode (its control owns the failure)", () => {
    const r = runSdkChecks(
      obs(
        { kind: "error", errorKind: "unexpected", message: "boom" },
        { kind: "error", errorKind: "decode", message: "x" },
      ),
    ).find((x) => x.check === "sdk.type-confusion")!;
    expect(r).toMatchObject({ status: "skip", message: expect.stringMatching(/^control failed/) });
  });

  it("is not judged on conforming bodies", () => {
    const o = obs(decoded(body));
    const r = runSdkChecks({ ...o, case: { ...o.case, variant: "conforming" } }).find(
      (x) => x.check === "sdk.type-confusion",
    )!;
    expect(r.status).toBe("skip");
  });
});
