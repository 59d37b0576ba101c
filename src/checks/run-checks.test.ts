import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import type { SdkObservation, SdkOutcome } from "./observation.ts";
import { runSdkChecks, SDK_CHECKS } from "./run-checks.ts";

const profile = loadProfile("authlete-3.0.16");
const credentials = { serviceId: "42", accessToken: "t" };

function obs(
  operationId: string,
  body: string,
  outcome: SdkOutcome,
  extra: Partial<SdkObservation> = {},
): SdkObservation {
  const contract = profile.byId.get(operationId)!;
  const action = /"action":"(\w+)"/.exec(body)?.[1];
  return {
    contract,
    case: { id: `${operationId}~coverage~0`, operationId, variant: "conforming", ...(action ? { action } : {}), body },
    served: { status: 200, body },
    outcome,
    traits: { nulls: "keep", keys: "camelCase" },
    requests: [
      {
        method: contract.method,
        path: contract.path.replace("{serviceId}", "42").replace(/\{\w+\}/g, "1"),
        query: {},
        headers: { authorization: "Bearer t" },
        body: "",
        operationId,
        problems: [],
      },
    ],
    credentials,
    ...extra,
  };
}
const verdicts = (o: SdkObservation) =>
  Object.fromEntries(
    runSdkChecks(o)
      .filter((r) => r.status !== "skip")
      .map((r) => [r.check, r.status]),
  );
const decoded = (value: string): SdkOutcome => ({ kind: "decoded", value });

describe("SDK checks on idiomatic representations", () => {
  const body = '{"action":"OK","accessTokenExpiresAt":9223372036854775807,"clientIdAliasUsed":true,"scopes":["a"]}';

  it("pass a faithful camelCase decode", () => {
    expect(verdicts(obs("auth_token_api", body, decoded(body)))).toEqual({
      "sdk.decodes": "pass",
      "sdk.action-preserved": "pass",
      "sdk.fields-preserved": "pass",
      "sdk.int64-exact": "pass",
      "sdk.null-vs-absent": "pass",
      "sdk.request-conforms": "pass",
    });
  });

  it("accept snake_case keys and int64 as a string of digits", () => {
    const snake =
      '{"action":"OK","access_token_expires_at":"9223372036854775807","client_id_alias_used":true,"scopes":["a"]}';
    const v = verdicts(
      obs("auth_token_api", body, decoded(snake), { traits: { nulls: "absent", keys: "snake_case" } }),
    );
    expect(Object.values(v).every((s) => s === "pass")).toBe(true);
  });

  it("accept nulls folded into absent when the adapter declares it, and fail it when it declares keep", () => {
    const withNull = '{"userInfoSignAlg":null,"clientName":"x"}';
    const folded = decoded('{"clientName":"x"}');
    expect(
      verdicts(obs("client_get_api", withNull, folded, { traits: { nulls: "absent", keys: "camelCase" } }))[
        "sdk.null-vs-absent"
      ],
    ).toBe("pass");
    expect(verdicts(obs("client_get_api", withNull, folded))["sdk.null-vs-absent"]).toBe("fail");
  });

  it("fail an absent field handed over as a made-up value, and only that check", () => {
    const v = verdicts(obs("auth_token_api", '{"action":"OK"}', decoded('{"action":"OK","clientIdAliasUsed":false}')));
    expect(v).toMatchObject({ "sdk.null-vs-absent": "fail", "sdk.fields-preserved": "pass", "sdk.decodes": "pass" });
  });

  it("accept a distinct marker for an unknown action, and warn when it vanishes", () => {
    const unknown = '{"action":"FUTURE_X"}';
    const o = (out: string) => ({
      ...obs("auth_token_api", unknown, decoded(out)),
      case: {
        ...obs("auth_token_api", unknown, decoded(out)).case,
        variant: "unknown-action" as const,
        action: "FUTURE_X",
      },
    });
    expect(verdicts(o('{"action":{"unknown":"FUTURE_X"}}'))["sdk.unknown-action-tolerated"]).toBe("pass");
    expect(verdicts(o('{"action":null}'))["sdk.unknown-action-tolerated"]).toBe("warn");
  });

  it("report an adapter crash as one error, and a throwing check as an error for itself only", () => {
    expect(
      runSdkChecks(obs("auth_token_api", body, { kind: "adapter-failure", reason: "crash", message: "exited" })),
    ).toEqual([{ check: "sdk.decodes", status: "error", message: "adapter crash: exited" }]);
    // No answer long after the SDK's timeout, on the case that never answers: the SDK hangs, error-mapping's failure.
    const hang = obs(
      "auth_token_api",
      "",
      { kind: "adapter-failure", reason: "timeout", message: "no answer" },
      { served: { status: 200, body: "", fault: "hang" }, sdkTimeout: { ms: 1000, configured: true } },
    );
    expect(verdicts(hang)).toEqual({ "sdk.error-mapping": "fail" });
    const broken = obs("auth_token_api", body, decoded(body));
    Object.defineProperty(broken, "credentials", {
      get: () => {
        throw new Error("boom");
      },
    });
    const results = runSdkChecks(broken);
    expect(results.find((r) => r.check === "sdk.request-conforms")).toMatchObject({
      status: "error",
      message: expect.stringMatching(/boom/),
    });
    expect(results.find((r) => r.check === "sdk.decodes")?.status).toBe("pass");
  });

  it("lets a check be switched off or downgraded to a warning", () => {
    const o = obs("auth_token_api", '{"action":"OK"}', decoded('{"action":null}'));
    expect(
      runSdkChecks(o, { severity: { "sdk.action-preserved": "warn" } }).find((r) => r.check === "sdk.action-preserved")
        ?.status,
    ).toBe("warn");
    expect(runSdkChecks(o, { severity: { "sdk.action-preserved": "off" } }).map((r) => r.check)).not.toContain(
      "sdk.action-preserved",
    );
    expect(SDK_CHECKS.map((c) => c.name)).toHaveLength(11);
  });
});

describe("verdict discipline", () => {
  const variant = (
    v: SdkObservation["case"]["variant"],
    body: string,
    outcome: SdkOutcome,
    control?: SdkOutcome,
    deviation = "/xUnknownAbc",
    op = "auth_token_api",
  ) => {
    const o = obs(op, body, outcome);
    return {
      ...o,
      case: {
        ...o.case,
        variant: v,
        deviation,
        ...(v === "unknown-action" || v === "outside-spec" ? { action: /"action":"(\w+)"/.exec(body)![1]! } : {}),
      },
      ...(control ? { control: { caseId: "c~control", outcome: control } } : {}),
    };
  };
  const decodeError: SdkOutcome = { kind: "error", errorKind: "decode", message: "strict: bad value" };
  const raw: SdkOutcome = { kind: "error", errorKind: "unexpected", message: "KeyError: 'x'" };

  it("judges a deviation only when its control decodes", () => {
    const body = '{"action":"OK","xUnknownAbc":1}';
    expect(
      verdicts(variant("unknown-field", body, decodeError, decoded('{"action":"OK"}')))["sdk.unknown-field-tolerated"],
    ).toBe("fail");
    const skipped = runSdkChecks(variant("unknown-field", body, decodeError, decodeError)).find(
      (r) => r.check === "sdk.unknown-field-tolerated",
    )!;
    expect(skipped).toMatchObject({ status: "skip", message: expect.stringMatching(/^control failed/) });
    const nulled = runSdkChecks(variant("null-not-allowed", '{"subject":null}', raw, decodeError, "/subject")).find(
      (r) => r.check === "sdk.null-vs-absent",
    )!;
    expect(nulled.status).toBe("skip");
    expect(
      verdicts(variant("unknown-action", '{"action":"FUTURE_X"}', decodeError, raw, "/action"))[
        "sdk.unknown-action-tolerated"
      ],
    ).toBeUndefined();
  });

  it("fails a raw crash on an unknown action, warns on a clean rejection, and warns on values outside the spec naming their source", () => {
    const unknown = '{"action":"FUTURE_X"}';
    expect(
      verdicts(variant("unknown-action", unknown, raw, decoded("{}"), "/action"))["sdk.unknown-action-tolerated"],
    ).toBe("fail");
    expect(
      verdicts(variant("unknown-action", unknown, decodeError, decoded("{}"), "/action"))[
        "sdk.unknown-action-tolerated"
      ],
    ).toBe("warn");
    const o = variant(
      "outside-spec",
      '{"action":"SERVER_ERROR"}',
      raw,
      decoded("{}"),
      "/action",
      "device_verification_api",
    );
    const r = runSdkChecks(o).find((x) => x.check === "sdk.unknown-action-tolerated")!;
    expect(r).toMatchObject({
      status: "warn",
      note: expect.stringMatching(/SERVER_ERROR is documented by authlete-java-common but not in the spec/),
    });
    expect(
      runSdkChecks(o, { severity: { "sdk.unknown-action-tolerated": "fail" } }).find(
        (x) => x.check === "sdk.unknown-action-tolerated",
      )!.status,
    ).toBe("fail");
  });

  it("charges a wrong call to sdk.request-conforms alone", () => {
    const body = '{"action":"OK","subject":"s"}';
    const wrong = obs(
      "auth_token_api",
      body,
      { kind: "error", errorKind: "api", message: "404", status: 404 },
      { requests: [{ method: "POST", path: "/api/42/auth/tokens", query: {}, headers: {}, body: "", problems: [] }] },
    );
    expect(verdicts(wrong)).toEqual({ "sdk.request-conforms": "fail" });
    expect(runSdkChecks(wrong).find((r) => r.check === "sdk.decodes")!.message).toMatch(
      /did not call auth_token_api \(it called POST \/api\/42\/auth\/tokens; see sdk.request-conforms\)/,
    );
    expect(verdicts(obs("auth_token_api", body, decoded(body), { requests: [] }))).toEqual({
      "sdk.request-conforms": "fail",
    });
  });

  it("makes a lost string that reads as JSON one defect whatever the field, and other lost strings a place each", () => {
    const body = '{"action":"OK","subject":"null","clientIdAlias":"null","ticket":" ","username":"u"}';
    const fields = runSdkChecks(obs("auth_token_api", body, decoded('{"action":"OK","ticket":""}'))).find(
      (r) => r.check === "sdk.fields-preserved",
    )!;
    expect(fields.findings?.map((f) => [f.path, f.defect])).toEqual([
      ["/subject", 'the string "null" dropped'],
      ["/clientIdAlias", 'the string "null" dropped'],
      ["/ticket", "a whitespace-only string changed"],
      ["/username", undefined],
    ]);
  });

  it("reports every lost field, and leaves an absent int64 to sdk.fields-preserved", () => {
    const body = '{"action":"OK","subject":"s","clientIdAlias":"c","accessTokenExpiresAt":9223372036854775807}';
    const results = runSdkChecks(obs("auth_token_api", body, decoded('{"action":"OK"}')));
    const fields = results.find((r) => r.check === "sdk.fields-preserved")!;
    expect(fields.findings?.map((f) => f.path)).toEqual(["/subject", "/clientIdAlias", "/accessTokenExpiresAt"]);
    expect(results.find((r) => r.check === "sdk.int64-exact")!.status).toBe("skip");
    const rounded = runSdkChecks(
      obs(
        "auth_token_api",
        body,
        decoded('{"action":"OK","subject":"s","clientIdAlias":"c","accessTokenExpiresAt":9223372036854775808}'),
      ),
    ).find((r) => r.check === "sdk.int64-exact")!;
    expect(rounded).toMatchObject({ status: "fail", defect: "int64 rounded to the nearest double" });
  });
});
