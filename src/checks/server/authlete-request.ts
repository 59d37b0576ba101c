import type { ServerCheck } from "./common.ts";
import { fail, skip } from "./common.ts";
import type { RecordedRequest, ServerObservation } from "../observation.ts";

/** A required field the server could only have copied from an Authlete answer that lacked it. */
function excused(problem: string, o: ServerObservation): boolean {
  const m = /must have required property '(\w+)'/.exec(problem);
  if (!m) return false;
  const field = m[1]!;
  for (const text of [o.served.body, o.followUp?.body]) {
    if (!text || !text.startsWith("{")) continue;
    try {
      if ((JSON.parse(text) as Record<string, unknown>)[field] === undefined) return true;
    } catch {
      /* not JSON: nothing to copy from */
    }
  }
  return o.served.fault !== undefined;
}

/** The parameters of a recorded Authlete request (JSON or form). */
function paramsOf(r: RecordedRequest): Record<string, unknown> {
  try {
    return /json/.test(r.headers["content-type"] ?? "")
      ? (JSON.parse(r.body) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(r.body));
  } catch {
    return {};
  }
}

/** The problems of one Authlete request this check owns, worded for the report. */
function problemsOf(r: RecordedRequest, o: ServerObservation): string[] {
  const out: string[] = [];
  const auth = r.headers.authorization ?? "";
  if (/^Bearer\s+(undefined|null|None|nil)?\s*$/i.test(auth))
    out.push(
      `the token after Bearer is ${JSON.stringify(auth.replace(/^Bearer\s*/i, ""))}: the service access token was never set`,
    );
  for (const p of r.problems) {
    if (/^Bearer token is not|^no Authorization header|^Authorization header is not/.test(p)) {
      if (!out.length) out.push(p);
    } else if (!excused(p, o) && !/^request aborted/.test(p)) out.push(p);
  }
  return out;
}

/**
 * server.authlete-request: what the server sends Authlete is right. Each call uses the service
 * access token it was given (never `Bearer undefined`), reaches an Authlete API, and its body
 * and parameters validate against the request schema. Where the client sent a DPoP proof and the
 * API takes one, the proof is forwarded as `dpop` with the request's `htm` and `htu`.
 */
export const authleteRequest: ServerCheck = {
  name: "server.authlete-request",
  severity: "fail",
  run(o) {
    if (!o.requests.length) return skip("the server called no Authlete API");
    for (const r of o.requests) {
      const problems = problemsOf(r, o);
      if (problems.length)
        return fail(
          `${r.method} ${r.path} (${r.operationId ?? "no such API"}): ${problems.slice(0, 3).join("; ")}`,
          "a request to an Authlete API with the service token and a body the request schema allows",
        );
    }
    const proof = o.client?.headers.dpop;
    const props = (o.contract.request?.schema.properties as Record<string, unknown> | undefined) ?? {};
    if (!proof || !("dpop" in props)) return { status: "pass" };
    const first = o.requests.find((r) => r.operationId === o.contract.operationId);
    if (!first) return { status: "pass" };
    const p = paramsOf(first);
    const u = new URL(o.client!.url);
    const want: Record<string, string> = { dpop: proof, htm: o.client!.method, htu: `${u.origin}${u.pathname}` };
    for (const [k, v] of Object.entries(want)) {
      if (!(k in props)) continue;
      if (p[k] === undefined)
        return fail(
          `${o.contract.operationId} without ${k}`,
          `${k} forwarded (the client's request carried a proof in the header named DPoP)`,
        );
      if (k === "htu" ? !sameUrl(String(p[k]), v) : p[k] !== v)
        return fail(
          `${k} = ${JSON.stringify(k === "dpop" ? "(another proof)" : p[k])}`,
          `${k} = ${JSON.stringify(k === "dpop" ? "(the client's proof)" : v)}`,
        );
    }
    return { status: "pass" };
  },
};

/** Same URL up to the host spelling: a server may know itself as localhost or 127.0.0.1. */
function sameUrl(a: string, b: string): boolean {
  try {
    const x = new URL(a);
    const y = new URL(b);
    const local = (h: string) => (h === "localhost" || h === "[::1]" || h.startsWith("127.") ? "loopback" : h);
    return (
      x.protocol === y.protocol &&
      x.port === y.port &&
      x.pathname === y.pathname &&
      local(x.hostname) === local(y.hostname)
    );
  } catch {
    return false;
  }
}
