/**
 * Which route of an Authlete-based authorization server calls which Authlete API, and how to make
 * the server call it. Defaults follow the usual routes of such servers; a config file can override
 * them (issue 7). Operations without a route are reported as skipped, never silently dropped.
 */
export interface Endpoint {
  operationId: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** Server route; `{clientId}` and `{grantId}` are filled with sample values. */
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
  json?: Record<string, unknown>;
  /** Client authentication the request carries. */
  auth?: "basic" | "bearer";
}

const CLIENT = { client_id: "s6BhdRkqt3", redirect_uri: "https://client.example.org/cb" };

export const DEFAULT_ENDPOINTS: Endpoint[] = [
  { operationId: "auth_authorization_api", method: "GET", path: "/authorization", query: { response_type: "code", scope: "openid", state: "xyz", ...CLIENT } },
  { operationId: "pushed_auth_req_api", method: "POST", path: "/par", form: { response_type: "code", scope: "openid", ...CLIENT }, auth: "basic" },
  { operationId: "auth_token_api", method: "POST", path: "/token", form: { grant_type: "authorization_code", code: "SplxlOBeZQQYbYS6WxSbIA", redirect_uri: CLIENT.redirect_uri }, auth: "basic" },
  { operationId: "auth_introspection_standard_api", method: "POST", path: "/introspection", form: { token: "mF_9.B5f-4.1JqM" }, auth: "basic" },
  { operationId: "auth_revocation_api", method: "POST", path: "/revocation", form: { token: "mF_9.B5f-4.1JqM" }, auth: "basic" },
  { operationId: "auth_userinfo_api", method: "GET", path: "/userinfo", auth: "bearer" },
  { operationId: "device_authorization_api", method: "POST", path: "/device_authorization", form: { scope: "openid" }, auth: "basic" },
  { operationId: "backchannel_authentication_api", method: "POST", path: "/bc-authorize", form: { scope: "openid", login_hint: "user@example.com" }, auth: "basic" },
  { operationId: "client_registration_api", method: "POST", path: "/register", json: { redirect_uris: [CLIENT.redirect_uri] } },
  { operationId: "client_registration_get_api", method: "GET", path: "/register/{clientId}", auth: "bearer" },
  { operationId: "client_registration_update_api", method: "PUT", path: "/register/{clientId}", json: { redirect_uris: [CLIENT.redirect_uri] }, auth: "bearer" },
  { operationId: "client_registration_delete_api", method: "DELETE", path: "/register/{clientId}", auth: "bearer" },
  { operationId: "grant_m_api", method: "GET", path: "/gm/{grantId}", auth: "bearer" },
  { operationId: "federation_configuration_api", method: "GET", path: "/.well-known/openid-federation" },
  { operationId: "federation_registration_api", method: "POST", path: "/federation/register", form: { entity_configuration: "eyJhbGciOiJSUzI1NiJ9.e30.sig" } },
  { operationId: "idtoken_reissue_api", method: "POST", path: "/token/reissue", form: { grant_type: "refresh_token", refresh_token: "tGzv3JOkF0XG5Qx2TlKWIA" }, auth: "basic" },
  { operationId: "vci_metadata_api", method: "GET", path: "/.well-known/openid-credential-issuer" },
  { operationId: "vci_single_parse_api", method: "POST", path: "/credential", json: { credential_configuration_id: "UniversityDegree", proof: { proof_type: "jwt", jwt: "eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCJ9.e30.sig" } }, auth: "bearer" },
];

/** The client credentials the kit presents (never Authlete secrets). */
export const CLIENT_AUTH = { basic: `Basic ${Buffer.from("s6BhdRkqt3:7Fjfp0ZBr1KtDRbnfVdmIw").toString("base64")}`, bearer: "Bearer mF_9.B5f-4.1JqM" };

/** The concrete HTTP request that makes the server call the endpoint's operation. */
export function endpointRequest(e: Endpoint, baseUrl: string): { url: string; init: RequestInit } {
  const path = e.path.replace("{clientId}", "s6BhdRkqt3").replace("{grantId}", "gr-1");
  const qs = e.query ? `?${new URLSearchParams(e.query)}` : "";
  const headers: Record<string, string> = {};
  if (e.auth) headers.authorization = CLIENT_AUTH[e.auth];
  let body: string | undefined;
  if (e.form) (headers["content-type"] = "application/x-www-form-urlencoded"), (body = new URLSearchParams(e.form).toString());
  if (e.json) (headers["content-type"] = "application/json"), (body = JSON.stringify(e.json));
  return { url: `${baseUrl}${path}${qs}`, init: { method: e.method, headers, ...(body !== undefined ? { body } : {}), redirect: "manual" } };
}

/** Endpoints from a config file replace the defaults for the operations they name. */
export function mergeEndpoints(defaults: Endpoint[], overrides: Endpoint[]): Endpoint[] {
  const named = new Set(overrides.map((e) => e.operationId));
  return [...defaults.filter((e) => !named.has(e.operationId)), ...overrides];
}
