import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from "node:crypto";

/**
 * DPoP proofs (RFC 9449) as a client makes them: a JWT signed with ES256 by a key the client holds,
 * naming the HTTP method and URL of the request it goes with. One key per run; a fresh proof
 * (new `jti`, current `iat`) per request.
 */
export interface DpopKey {
  /** The public key as a JWK (what the proof's header carries). */
  jwk: { kty: "EC"; crv: "P-256"; x: string; y: string };
  privateKey: KeyObject;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export function dpopKey(): DpopKey {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" }) as { x: string; y: string };
  return { jwk: { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y }, privateKey };
}

/** A DPoP proof for one request: `htu` is the URL without query and fragment (RFC 9449 §4.2). */
export function dpopProof(key: DpopKey, htm: string, url: string, accessToken?: string): string {
  const u = new URL(url);
  const htu = `${u.origin}${u.pathname}`;
  const header = { typ: "dpop+jwt", alg: "ES256", jwk: key.jwk };
  const payload: Record<string, unknown> = {
    jti: randomBytes(12).toString("base64url"),
    htm,
    htu,
    iat: Math.floor(Date.now() / 1000),
  };
  if (accessToken) payload.ath = b64url(createHash("sha256").update(accessToken).digest());
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  // JWS ES256 signatures are r||s (IEEE P1363), not DER.
  const sig = sign("sha256", Buffer.from(input), { key: key.privateKey, dsaEncoding: "ieee-p1363" });
  return `${input}.${b64url(sig)}`;
}

/** The `htu` a proof for this URL carries. */
export const htuOf = (url: string): string => {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
};
