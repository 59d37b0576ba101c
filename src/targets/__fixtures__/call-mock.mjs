// The operation's real request to the mock, as an SDK makes it (path parameters filled in, the
// Bearer token, the JSON body): miniature adapters make it so the kit judges what they hand back,
// not "no request reached the mock". Returns the answer's status and text.
import { readFileSync } from "node:fs";

const CONTRACTS = new URL("../../../contracts/authlete-3.0.16/", import.meta.url);

export async function callMock(msg, timeoutMs = 500) {
  const c = JSON.parse(readFileSync(new URL(`${msg.operationId}.json`, CONTRACTS), "utf8"));
  const params = { ...msg.request.pathParams, serviceId: msg.credentials.serviceId };
  const path = c.path.replace(/\{(\w+)\}/g, (_m, k) => encodeURIComponent(params[k] ?? "1"));
  const body = msg.request.body !== undefined && c.method !== "GET" ? JSON.stringify(msg.request.body) : undefined;
  const res = await fetch(`${msg.baseUrl}${path}`, {
    method: c.method,
    headers: {
      authorization: `Bearer ${msg.credentials.accessToken}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body } : {}),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text() };
}
