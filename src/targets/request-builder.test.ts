import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { validatorFor } from "../schema/validate.ts";
import { buildRequest } from "./request-builder.ts";

const credentials = { serviceId: "7155020", accessToken: "t" };
const contracts = loadProfile("authlete-3.0.16").contracts;

describe("buildRequest", () => {
  it.each(contracts.map((c) => [c.operationId, c] as const))("%s: a minimal request the spec accepts", (_id, c) => {
    const r = buildRequest(c, credentials);
    for (const p of c.parameters.filter((p) => p.in === "path"))
      expect(r.pathParams[p.name]).toBe(p.name === "serviceId" ? "7155020" : "1");
    for (const p of c.parameters.filter((p) => p.in === "query" && p.required)) expect(r.query[p.name]).toBeDefined();
    if (!c.request) return expect(r.body).toBeUndefined();
    expect(validatorFor(c.request.schema)(r.body!)).toEqual([]);
  });

  it("is deterministic and simple", () => {
    const token = loadProfile("authlete-3.0.16").byId.get("auth_token_api")!;
    expect(buildRequest(token, credentials)).toEqual({
      pathParams: { serviceId: "7155020" },
      query: {},
      body: { parameters: "sample" },
    });
    expect(buildRequest(token, credentials)).toEqual(buildRequest(token, credentials));
  });
});
