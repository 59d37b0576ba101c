import { describe, expect, it } from "vitest";
import { loadProfile } from "../../contracts/store.ts";
import { DEFECTS } from "../_shared/request-diff.ts";
import type { AskedRequest, CheckResult, RecordedRequest, SdkObservation } from "../observation.ts";
import { runSdkChecks } from "../run-checks.ts";

const profile = loadProfile("authlete-3.0.16");
const credentials = { serviceId: "42", accessToken: "t" };

/** An observation of one call: what the caller asked, and the one request the SDK sent. */
function obs(operationId: string, asked: AskedRequest, sent: Partial<RecordedRequest>): SdkObservation {
  const contract = profile.byId.get(operationId)!;
  const path = contract.path.replace(/\{(\w+)\}/g, (_, n: string) => asked.pathParams[n] ?? "");
  return {
    contract,
    case: { id: `${operationId}~coverage~0`, operationId, variant: "conforming", body: "{}" },
    served: { status: 200, body: "{}" },
    outcome: { kind: "decoded", value: "{}" },
    traits: { nulls: "keep", keys: "camelCase" },
    requests: [
      {
        method: contract.method,
        path,
        query: {},
        headers: { authorization: "Bearer t", "content-type": "application/json" },
        body: "",
        operationId,
        problems: [],
        ...sent,
      },
    ],
    asked,
    credentials,
  };
}
const token = (body: unknown): AskedRequest => ({ pathParams: { serviceId: "42" }, query: {}, body });
const result = (o: SdkObservation, check: string): CheckResult => runSdkChecks(o).find((r) => r.check === check)!;
const defects = (r: CheckResult) => (r.findings ?? [r]).map((f) => `${f.defect} ${f.path}`);

describe("sdk.request-fidelity", () => {
  it("passes a request that carries exactly what was asked, int64 digits included", () => {
    const o = obs(
      "auth_token_api",
      token({
        parameters: "a",
        accessTokenDuration: 9223372036854775807n,
        properties: [{ key: "k", value: "v", hidden: true }],
      }),
      {
        body: '{"parameters":"a","accessTokenDuration":9223372036854775807,"properties":[{"key":"k","value":"v","hidden":true}]}',
      },
    );
    expect(result(o, "sdk.request-fidelity").status).toBe("pass");
    expect(result(o, "sdk.request-conforms").status).toBe("pass");
  });

  it("names nulls sent for unset properties as one defect, and request-conforms leaves the schema problem it causes to it", () => {
    const o = obs("auth_token_api", token({ parameters: "a" }), {
      body: '{"parameters":"a","clientId":null,"dpop":null}',
      problems: ["request body at /clientId must be string", "request body at /dpop must be string"],
    });
    const r = result(o, "sdk.request-fidelity");
    expect(r.status).toBe("fail");
    expect(defects(r)).toEqual([`${DEFECTS.inventedNull} /body/clientId`, `${DEFECTS.inventedNull} /body/dpop`]);
    expect(result(o, "sdk.request-conforms").status).toBe("pass");
  });

  it("names 0 and false for unset properties, dropped properties and undeclared keys", () => {
    const zero = obs("auth_token_api", token({ parameters: "a" }), {
      body: '{"parameters":"a","accessTokenDuration":0,"dpopNonceRequired":false}',
    });
    expect(defects(result(zero, "sdk.request-fidelity"))).toEqual([
      `${DEFECTS.inventedDefault} /body/accessTokenDuration`,
      `${DEFECTS.inventedDefault} /body/dpopNonceRequired`,
    ]);
    const dropped = obs("auth_token_api", token({ parameters: "a", clientCertificate: "c" }), {
      body: '{"parameters":"a"}',
    });
    expect(defects(result(dropped, "sdk.request-fidelity"))).toEqual([`${DEFECTS.dropped} /body/clientCertificate`]);
    const snake = obs("auth_token_api", token({ parameters: "a", clientId: "x" }), {
      body: '{"parameters":"a","client_id":"x"}',
    });
    expect(defects(result(snake, "sdk.request-fidelity"))).toEqual([`${DEFECTS.renamed} /body/clientId`]);
    const extra = obs("auth_token_api", token({ parameters: "a" }), { body: '{"parameters":"a","sdkVersion":"1"}' });
    expect(defects(result(extra, "sdk.request-fidelity"))).toEqual([`${DEFECTS.undeclared} /body/sdkVersion`]);
  });

  it("names an int64 rounded through a double, and any other change", () => {
    const rounded = obs("auth_token_api", token({ parameters: "a", accessTokenDuration: 9007199254740993n }), {
      body: '{"parameters":"a","accessTokenDuration":9007199254740992}',
    });
    const r = result(rounded, "sdk.request-fidelity");
    expect(defects(r)).toEqual([`${DEFECTS.rounded} /body/accessTokenDuration`]);
    expect(r).toMatchObject({ expected: "9007199254740993", actual: "9007199254740992" });
    const changed = obs("auth_token_api", token({ parameters: "a", dpopNonceRequired: true }), {
      body: '{"parameters":"b","dpopNonceRequired":"true"}',
      problems: ["request body at /dpopNonceRequired must be boolean"],
    });
    expect(defects(result(changed, "sdk.request-fidelity"))).toEqual([
      `${DEFECTS.changed} /body/parameters`,
      `${DEFECTS.changed} /body/dpopNonceRequired`,
    ]);
    expect(result(changed, "sdk.request-conforms").status).toBe("pass");
  });

  it("judges path and query parameters", () => {
    const list = profile.contracts.find(
      (c) =>
        c.method === "GET" &&
        c.parameters.some((p) => p.in === "query" && !p.required) &&
        c.parameters.some((p) => p.in === "path" && p.name !== "serviceId"),
    );
    const op = list ?? profile.byId.get("client_get_api")!;
    const pathName = op.parameters.find((p) => p.in === "path" && p.name !== "serviceId")!.name;
    const q = op.parameters.find((p) => p.in === "query")?.name;
    const asked: AskedRequest = {
      pathParams: { serviceId: "42", [pathName]: "9007199254740993" },
      query: q ? { [q]: "5" } : {},
    };
    const o = obs(op.operationId, asked, {
      path: op.path.replace("{serviceId}", "42").replace(`{${pathName}}`, "9007199254740992"),
      query: { extra: "1" },
    });
    expect(defects(result(o, "sdk.request-fidelity"))).toEqual([
      `${DEFECTS.pathChanged} /path/${pathName}`,
      ...(q ? [`${DEFECTS.queryDropped} /query/${q}`] : []),
      `${DEFECTS.queryInvented} /query/extra`,
    ]);
  });

  it("leaves a wrong operation, a missing request and an unreadable body to sdk.request-conforms", () => {
    const wrong = obs("auth_token_api", token({ parameters: "a" }), {
      operationId: "auth_authorization_api",
      path: "/api/42/auth/authorization",
      body: '{"parameters":"a"}',
    });
    expect(result(wrong, "sdk.request-fidelity").status).toBe("skip");
    expect(result(wrong, "sdk.request-conforms").status).toBe("fail");
    const none = { ...obs("auth_token_api", token({ parameters: "a" }), {}), requests: [] };
    expect(result(none, "sdk.request-fidelity").status).toBe("skip");
    const garbled = obs("auth_token_api", token({ parameters: "a" }), {
      body: "parameters=a{",
      problems: ["request body is not JSON: Unexpected token"],
    });
    expect(result(garbled, "sdk.request-fidelity").status).toBe("pass");
    expect(result(garbled, "sdk.request-conforms")).toMatchObject({ status: "fail" });
  });
});
