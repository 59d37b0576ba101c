import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { fillPath, makeRouter, splitTarget } from "./router.ts";

const profile = loadProfile("authlete-3.0.16");
const route = makeRouter(profile.contracts);

/** Realistic values, one with characters that must be percent-encoded in a path. */
const VALUES: Record<string, string> = {
  serviceId: "715948317",
  clientId: "1739429290",
  clientIdentifier: "my-client",
  subject: "user/42@example.com",
  accessTokenIdentifier: "tok-1",
  handle: "hsk-1",
};

describe("router", () => {
  it("routes a concrete URL of each of the 84 operations to that operation", () => {
    expect(profile.contracts).toHaveLength(84);
    for (const c of profile.contracts) {
      const path = fillPath(c, VALUES);
      expect(path, c.operationId).not.toMatch(/[{}]/);
      const hit = route(c.method, path);
      expect(hit?.contract.operationId, `${c.method} ${path}`).toBe(c.operationId);
      // Every template parameter comes back decoded.
      for (const name of c.path.match(/\{([^}]+)\}/g) ?? [])
        expect(hit!.params[name.slice(1, -1)]).toBe(VALUES[name.slice(1, -1)]);
    }
  });

  it("routes the unauthenticated health check", () => {
    expect(route("GET", "/api/lifecycle/healthcheck")).toMatchObject({
      contract: { operationId: "get_api_lifecycle_healthcheck", bearer: false },
      params: {},
    });
  });

  it("prefers literal segments over parameters, whatever the order of the contracts", () => {
    for (const contracts of [profile.contracts, [...profile.contracts].reverse()]) {
      const r = makeRouter(contracts);
      expect(r("GET", "/api/42/client/get/list")?.contract.operationId).toBe("client_get_list_api");
      expect(r("GET", "/api/42/client/get/77")).toMatchObject({
        contract: { operationId: "client_get_api" },
        params: { serviceId: "42", clientId: "77" },
      });
      expect(r("GET", "/api/42/hsk/get/list")?.contract.operationId).toBe("hsk_get_list_api");
      expect(r("GET", "/api/42/hsk/get/h1")?.contract.operationId).toBe("hsk_get_api");
      expect(r("GET", "/api/service/get/list")?.contract.operationId).toBe("service_get_list_api");
      expect(r("GET", "/api/42/client/authorization/get/list")?.contract.operationId).toBe(
        "client_authorization_get_list_api",
      );
      expect(r("GET", "/api/42/client/authorization/get/list/alice")?.contract.operationId).toBe(
        "client_authorization_get_list_by_subject_api",
      );
    }
  });

  it("takes the leftmost literal when two templates each have one where the other has a parameter", () => {
    const base = profile.byId.get("client_get_api")!;
    const a = { ...base, operationId: "a", path: "/x/{p}/c" };
    const b = { ...base, operationId: "b", path: "/x/b/{q}" };
    for (const order of [
      [a, b],
      [b, a],
    ])
      expect(makeRouter(order)("GET", "/x/b/c")?.contract.operationId).toBe("b");
  });

  it("does not route a wrong method, a trailing slash, an empty parameter or an unknown path", () => {
    expect(route("GET", "/api/42/auth/token")).toBeUndefined();
    expect(route("POST", "/api/42/auth/token/")).toBeUndefined();
    expect(route("POST", "/api//auth/token")).toBeUndefined();
    expect(route("POST", "/api/42/auth/nothing")).toBeUndefined();
    expect(route("post", "/api/42/auth/token")?.contract.operationId).toBe("auth_token_api");
  });

  it("splits a request target into raw path and parsed query", () => {
    expect(splitTarget("/api/42/client/get/list?start=0&end=5&developer=a%20b")).toEqual({
      path: "/api/42/client/get/list",
      query: { start: "0", end: "5", developer: "a b" },
    });
    expect(splitTarget("/api/42/auth/token")).toEqual({ path: "/api/42/auth/token", query: {} });
    // No URL resolution: what was sent is what is recorded.
    expect(splitTarget("//evil/api/../x?a=1#frag").path).toBe("//evil/api/../x");
    expect(splitTarget("http://127.0.0.1:9/api/42/gm?x=1")).toEqual({ path: "/api/42/gm", query: { x: "1" } });
  });
});
