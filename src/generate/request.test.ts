import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { stringifyLossless } from "../json/lossless.ts";
import { parameterProblems } from "../mock/request-check.ts";
import { validatorFor } from "../schema/validate.ts";
import { generateRequest, matchesPointer, requestSeedOf } from "./request.ts";

const credentials = { serviceId: "7155020", accessToken: "t" };
const profile = loadProfile("authlete-3.0.16");
const token = profile.byId.get("auth_token_api")!;

describe("generateRequest", () => {
  it.each(profile.contracts.map((c) => [c.operationId, c] as const))("%s: requests the mock accepts", (_id, c) => {
    for (let i = 0; i < 20; i++) {
      const r = generateRequest(c, credentials, `${c.operationId}~coverage~${i}`);
      if (r.pathParams.serviceId !== undefined) expect(r.pathParams.serviceId).toBe("7155020");
      expect(parameterProblems(c, { path: r.pathParams, query: r.query, headers: {} }, "7155020")).toEqual([]);
      if (!c.request) expect(r.body).toBeUndefined();
      else expect(validatorFor(c.request.schema)(r.body!)).toEqual([]);
    }
  });

  it("is the same for the same case id, its control and its halves, and differs between cases", () => {
    const a = generateRequest(token, credentials, "auth_token_api~coverage~3");
    expect(generateRequest(token, credentials, "auth_token_api~coverage~3")).toEqual(a);
    expect(generateRequest(token, credentials, "auth_token_api~coverage~3~control~split:01")).toEqual(a);
    expect(requestSeedOf("op~conforming~*~42~1:0~drop:3.7~reduce:2x5")).toBe("op~conforming~*~42~1:0");
    const all = Array.from({ length: 10 }, (_, i) =>
      stringifyLossless(generateRequest(token, credentials, `auth_token_api~coverage~${i}`).body!),
    );
    expect(new Set(all).size).toBeGreaterThan(5);
  });

  it("asks optional properties, nested objects, arrays and int64 values beyond 2^53", () => {
    const bodies = Array.from(
      { length: 40 },
      (_, i) => generateRequest(token, credentials, `auth_token_api~coverage~${i}`).body as Record<string, unknown>,
    );
    const asked = new Set(bodies.flatMap((b) => Object.keys(b)));
    for (const k of ["parameters", "clientId", "properties", "accessTokenDuration", "dpopNonceRequired", "cimdOptions"])
      expect(asked).toContain(k);
    expect(bodies.some((b) => typeof b.accessTokenDuration === "bigint" && b.accessTokenDuration > 2n ** 53n)).toBe(
      true,
    );
    expect(bodies.some((b) => Array.isArray(b.properties) && b.properties.length > 0)).toBe(true);
    const list = profile.contracts.find((c) => c.parameters.some((p) => p.in === "query" && !p.required))!;
    const queries = Array.from({ length: 20 }, (_, i) => generateRequest(list, credentials, `x~coverage~${i}`).query);
    expect(queries.some((q) => Object.keys(q).length > 0)).toBe(true);
  });

  it("never asks what the adapter declared it cannot take, unless required", () => {
    for (let i = 0; i < 20; i++) {
      const body = generateRequest(token, credentials, `auth_token_api~coverage~${i}`, ["/body/*"]).body;
      expect(body).toEqual({ parameters: expect.any(String) as unknown });
    }
    const some = Array.from(
      { length: 20 },
      (_, i) =>
        generateRequest(token, credentials, `t~coverage~${i}`, ["/body/clientId"]).body as Record<string, unknown>,
    );
    expect(some.some((b) => "clientId" in b)).toBe(false);
    expect(some.some((b) => "clientSecret" in b)).toBe(true);
    expect(matchesPointer("/body/*", "/body/x")).toBe(true);
    expect(matchesPointer("/body/*", "/body/x/y")).toBe(false);
  });
});
