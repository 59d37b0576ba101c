import { createPublicKey, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dpopKey, dpopProof, htuOf } from "./dpop.ts";

describe("DPoP proofs", () => {
  it("are ES256 JWTs a verifier accepts, naming method and URL without query, fresh per request", () => {
    const key = dpopKey();
    const proof = dpopProof(key, "POST", "http://127.0.0.1:8080/token?x=1", "at-1");
    const [h, p, s] = proof.split(".");
    const header = JSON.parse(Buffer.from(h!, "base64url").toString());
    const payload = JSON.parse(Buffer.from(p!, "base64url").toString());
    expect(header).toMatchObject({ typ: "dpop+jwt", alg: "ES256", jwk: { kty: "EC", crv: "P-256" } });
    expect(payload).toMatchObject({ htm: "POST", htu: "http://127.0.0.1:8080/token" });
    expect(typeof payload.ath).toBe("string");
    const pub = createPublicKey({ key: header.jwk, format: "jwk" });
    expect(
      verify("sha256", Buffer.from(`${h}.${p}`), { key: pub, dsaEncoding: "ieee-p1363" }, Buffer.from(s!, "base64url")),
    ).toBe(true);
    // A tampered payload does not verify.
    expect(
      verify(
        "sha256",
        Buffer.from(`${h}.${p}x`),
        { key: pub, dsaEncoding: "ieee-p1363" },
        Buffer.from(s!, "base64url"),
      ),
    ).toBe(false);
    expect(
      JSON.parse(
        Buffer.from(dpopProof(key, "POST", "http://127.0.0.1:8080/token").split(".")[1]!, "base64url").toString(),
      ).jti,
    ).not.toBe(payload.jti);
    expect(htuOf("http://127.0.0.1:1/a/b?c=d#e")).toBe("http://127.0.0.1:1/a/b");
  });
});
