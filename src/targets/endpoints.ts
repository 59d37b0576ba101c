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
  /** Extra request headers, sent as given. */
  headers?: Record<string, string>;
  /** Send a fresh ES256 DPoP proof (RFC 9449) with every request of this route. */
  dpop?: boolean;
  /** The server does not implement this operation: reported as unsupported, never failed. */
  unsupported?: boolean;
  /**
   * How the user finishes the page this route shows (INTERACTION): the kit submits this request
   * with the page's cookies and hidden form fields, and judges the answer the follow-up produces.
   */
  completion?: Completion;
}

/** The request that completes a user page (a login/consent form submitted). */
export interface Completion {
  method: "GET" | "POST";
  path: string;
  query?: Record<string, string>;
  form?: Record<string, string>;
}

/** What the kit sent the server for one step: compared with what the server sends Authlete. */
export interface ClientRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const CLIENT = { client_id: "s6BhdRkqt3", redirect_uri: "https://client.example.org/cb" };

export const DEFAULT_ENDPOINTS: Endpoint[] = [
  {
    operationId: "auth_authorization_api",
    method: "GET",
    path: "/authorization",
    query: { response_type: "code", scope: "openid", state: "xyz", ...CLIENT },
    completion: {
      method: "POST",
      path: "/authorization/decision",
      form: { authorized: "true", loginId: "john", password: "john" },
    },
  },
  {
    operationId: "pushed_auth_req_api",
    method: "POST",
    path: "/par",
    form: { response_type: "code", scope: "openid", ...CLIENT },
    auth: "basic",
    dpop: true,
  },
  {
    operationId: "auth_token_api",
    method: "POST",
    path: "/token",
    form: { grant_type: "authorization_code", code: "SplxlOBeZQQYbYS6WxSbIA", redirect_uri: CLIENT.redirect_uri },
    auth: "basic",
    dpop: true,
  },
  {
    operationId: "auth_introspection_standard_api",
    method: "POST",
    path: "/introspection",
    form: { token: "mF_9.B5f-4.1JqM" },
    auth: "basic",
  },
  {
    operationId: "auth_revocation_api",
    method: "POST",
    path: "/revocation",
    form: { token: "mF_9.B5f-4.1JqM" },
    auth: "basic",
  },
  { operationId: "auth_userinfo_api", method: "GET", path: "/userinfo", auth: "bearer", dpop: true },
  {
    operationId: "device_authorization_api",
    method: "POST",
    path: "/device_authorization",
    form: { scope: "openid" },
    auth: "basic",
  },
  {
    operationId: "backchannel_authentication_api",
    method: "POST",
    path: "/bc-authorize",
    form: { scope: "openid", login_hint: "user@example.com" },
    auth: "basic",
  },
  {
    operationId: "client_registration_api",
    method: "POST",
    path: "/register",
    json: { redirect_uris: [CLIENT.redirect_uri] },
  },
  { operationId: "client_registration_get_api", method: "GET", path: "/register/{clientId}", auth: "bearer" },
  {
    operationId: "client_registration_update_api",
    method: "PUT",
    path: "/register/{clientId}",
    json: { redirect_uris: [CLIENT.redirect_uri] },
    auth: "bearer",
  },
  { operationId: "client_registration_delete_api", method: "DELETE", path: "/register/{clientId}", auth: "bearer" },
  { operationId: "grant_m_api", method: "GET", path: "/gm/{grantId}", auth: "bearer" },
  { operationId: "federation_configuration_api", method: "GET", path: "/.well-known/openid-federation" },
  {
    operationId: "federation_registration_api",
    method: "POST",
    path: "/federation/register",
    form: { entity_configuration: "eyJhbGciOiJSUzI1NiJ9.e30.sig" },
  },
  {
    operationId: "idtoken_reissue_api",
    method: "POST",
    path: "/token/reissue",
    form: { grant_type: "refresh_token", refresh_token: "tGzv3JOkF0XG5Qx2TlKWIA" },
    auth: "basic",
  },
  { operationId: "vci_metadata_api", method: "GET", path: "/.well-known/openid-credential-issuer" },
  {
    operationId: "vci_single_parse_api",
    method: "POST",
    path: "/credential",
    json: {
      credential_configuration_id: "UniversityDegree",
      proof: { proof_type: "jwt", jwt: "eyJ0eXAiOiJvcGVuaWQ0dmNpLXByb29mK2p3dCJ9.e30.sig" },
    },
    auth: "bearer",
  },
];

/** The client secret the kit presents: a server must never show it back (server.no-secret-leak). */
export const CLIENT_SECRET = "7Fjfp0ZBr1KtDRbnfVdmIw";

/** The client credentials the kit presents (never Authlete secrets). */
export const CLIENT_AUTH = {
  basic: `Basic ${Buffer.from(`s6BhdRkqt3:${CLIENT_SECRET}`).toString("base64")}`,
  bearer: "Bearer mF_9.B5f-4.1JqM",
};

/** Makes a DPoP proof for a request (method, URL, access token when the request carries one). */
export type ProofMaker = (htm: string, url: string, accessToken?: string) => string;

/** The concrete HTTP request that makes the server call the endpoint's operation. */
export function endpointRequest(
  e: Endpoint,
  baseUrl: string,
  proof?: ProofMaker,
): { url: string; init: RequestInit; sent: ClientRequest } {
  const path = e.path.replace("{clientId}", "s6BhdRkqt3").replace("{grantId}", "gr-1");
  const qs = e.query ? `?${new URLSearchParams(e.query)}` : "";
  const headers: Record<string, string> = {};
  if (e.auth) headers.authorization = CLIENT_AUTH[e.auth];
  let body: string | undefined;
  if (e.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(e.form).toString();
  }
  if (e.json) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(e.json);
  }
  for (const [k, v] of Object.entries(e.headers ?? {})) headers[k.toLowerCase()] = v;
  const url = `${baseUrl}${path}${qs}`;
  if (e.dpop && proof)
    headers.dpop = proof(e.method, url, e.auth === "bearer" ? CLIENT_AUTH.bearer.slice(7) : undefined);
  return {
    url,
    init: { method: e.method, headers, ...(body !== undefined ? { body } : {}), redirect: "manual" },
    sent: { method: e.method, url, headers, body: body ?? "" },
  };
}

/**
 * The request that completes a user page: the configured form, plus the page's hidden form fields
 * (a ticket, a CSRF token) and its cookies (the session), as a browser would send them.
 */
export function completionRequest(
  c: Completion,
  baseUrl: string,
  page: { body: string; cookies: string[] },
): { url: string; init: RequestInit; sent: ClientRequest } {
  const hidden: Record<string, string> = {};
  for (const m of page.body.matchAll(/<input\b[^>]*>/gi)) {
    const attr = (n: string) => new RegExp(`\\b${n}\\s*=\\s*("([^"]*)"|'([^']*)')`, "i").exec(m[0]);
    const type = attr("type");
    const name = attr("name");
    if (name && type && /hidden/i.test(type[2] ?? type[3] ?? ""))
      hidden[name[2] ?? name[3]!] = attr("value")?.[2] ?? attr("value")?.[3] ?? "";
  }
  const headers: Record<string, string> = {};
  const cookie = page.cookies
    .map((c) => c.split(";")[0]!.trim())
    .filter(Boolean)
    .join("; ");
  if (cookie) headers.cookie = cookie;
  const fields = { ...hidden, ...c.form };
  let body: string | undefined;
  let qs = c.query ? `?${new URLSearchParams(c.query)}` : "";
  if (c.method === "POST") {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(fields).toString();
  } else if (Object.keys(fields).length) qs = `?${new URLSearchParams({ ...c.query, ...fields })}`;
  const url = `${baseUrl}${c.path}${qs}`;
  return {
    url,
    init: { method: c.method, headers, ...(body !== undefined ? { body } : {}), redirect: "manual" },
    sent: { method: c.method, url, headers, body: body ?? "" },
  };
}

/** Public routes where servers tend to disclose their configuration: each is requested once per run. */
export const PUBLIC_PROBES: ReadonlyArray<{ name: string; path: string }> = [
  { name: "root", path: "/" },
  { name: "openid-configuration", path: "/.well-known/openid-configuration" },
  { name: "health", path: "/health" },
  { name: "not-found", path: "/conformance-no-such-page-7c1e" },
];

/**
 * Endpoints from a config file replace the defaults for the operations they name; an operation
 * named several times has several routes, each driven.
 */
export function mergeEndpoints(defaults: Endpoint[], overrides: Endpoint[]): Endpoint[] {
  const named = new Set(overrides.map((e) => e.operationId));
  return [...defaults.filter((e) => !named.has(e.operationId)), ...overrides];
}

/** The routes of every operation, in map order. */
export function routesByOperation(endpoints: Endpoint[]): Map<string, Endpoint[]> {
  const out = new Map<string, Endpoint[]>();
  for (const e of endpoints) out.set(e.operationId, [...(out.get(e.operationId) ?? []), e]);
  return out;
}
