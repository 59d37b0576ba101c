import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { validateText, validatorFor } from "./validate.ts";

const profile = loadProfile("authlete-3.0.16");
const schemaOf = (id: string) => profile.byId.get(id)!.response.schema!;

describe("validatorFor", () => {
  it("compiles every schema of every contract", () => {
    for (const c of profile.contracts) {
      for (const s of [c.response.schema, c.request?.schema, c.errorSchema, ...c.parameters.map((p) => p.schema)])
        if (s) expect(() => validatorFor(s)).not.toThrow();
    }
  });

  it("checks int64 exactly, beyond what a double can hold", () => {
    const s = schemaOf("auth_token_api");
    expect(validateText(s, '{"accessTokenExpiresAt":9223372036854775807}')).toEqual([]);
    expect(validateText(s, '{"accessTokenExpiresAt":9223372036854775808}')).toEqual([
      { path: "/accessTokenExpiresAt", message: "must be an integer within int64" },
    ]);
    expect(validateText(s, '{"accessTokenExpiresAt":1.5}')).toHaveLength(1);
    expect(validateText(s, '{"accessTokenExpiresAt":"1"}')).toHaveLength(1);
  });

  it("checks int32 bounds", () => {
    const s = schemaOf("client_get_api");
    expect(validateText(s, '{"number":2147483647}')).toEqual([]);
    expect(validateText(s, '{"number":2147483648}')).toHaveLength(1);
  });

  it("accepts null only where the spec says nullable, including nullable enums without null", () => {
    const s = schemaOf("client_get_api");
    expect(validateText(s, '{"userInfoSignAlg":null}')).toEqual([]);
    expect(validateText(s, '{"userInfoSignAlg":"RS256"}')).toEqual([]);
    expect(validateText(s, '{"userInfoSignAlg":"XX"}')).not.toEqual([]);
    expect(validateText(s, '{"clientName":null}')).not.toEqual([]);
  });

  it("rejects an action value the contract does not list, and text that is not JSON", () => {
    const s = schemaOf("auth_token_api");
    expect(validateText(s, '{"action":"PASSWORD"}')).toEqual([]);
    expect(validateText(s, '{"action":"NOPE"}')[0]?.path).toBe("/action");
    expect(validateText(s, "{oops")[0]?.message).toMatch(/^not JSON/);
  });

  it("accepts the java-only action values the contract widened the enum with", () => {
    expect(validateText(schemaOf("device_verification_api"), '{"action":"SERVER_ERROR"}')).toEqual([]);
  });
});
