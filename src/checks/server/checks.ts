import type { ServerCheck, Verdict } from "./common.ts";
import { answered, effectiveBody, expectedHeader, fail, ruleCase, skip } from "./common.ts";
import type { ServerObservation } from "../observation.ts";

const media = (ct: string | undefined) => (ct ?? "").split(";")[0]!.trim().toLowerCase();
const isVerdict = (x: unknown): x is Verdict => typeof x === "object" && x !== null && "status" in x && typeof (x as Verdict).status === "string";

/** A header rule check: the rule lists the header; the answer must carry the expected value. */
function headerCheck(name: string, header: string): ServerCheck {
  return {
    name,
    severity: "fail",
    run(o) {
      const rc = ruleCase(o);
      if (isVerdict(rc)) return rc;
      const rule = rc.rule.headers.find((h) => h.name.toLowerCase() === header.toLowerCase());
      if (!rule) return skip(`the rule for ${rc.rule.value} has no ${header}`);
      if (rc.rule.status === null) return skip("no direct answer is mandated");
      const want = expectedHeader(rule.value, effectiveBody(o));
      if (want === undefined) return skip(`the body has no value for ${rule.value}`);
      const got = rc.a.headers[header.toLowerCase()];
      if (got === undefined) return fail(`no ${header} header`, `${header}: ${want === "{*}" ? "(a challenge)" : want}`);
      if (want !== "{*}" && got !== want) return fail(`${header}: ${got}`, `${header}: ${want}`, { expected: want, actual: got });
      return { status: "pass" };
    },
  };
}

/** server.status: the documented HTTP status for the action (after any follow-up). */
export const status: ServerCheck = {
  name: "server.status",
  severity: "fail",
  run(o) {
    const rc = ruleCase(o);
    if (isVerdict(rc)) return rc;
    if (rc.rule.status === null) return skip(`no status is mandated for ${rc.rule.value}`);
    return rc.a.status === rc.rule.status ? { status: "pass" } : fail(`${rc.a.status}`, `${rc.rule.status} for action ${rc.rule.value}`, { expected: rc.rule.status, actual: rc.a.status });
  },
};

/** server.body: `responseContent` verbatim where the rule says so; no body where it says none. */
export const body: ServerCheck = {
  name: "server.body",
  severity: "fail",
  run(o) {
    const rc = ruleCase(o);
    if (isVerdict(rc)) return rc;
    if (rc.rule.body === "none") return rc.a.body === "" ? { status: "pass" } : fail(`a ${rc.a.body.length}-byte body`, `no body for ${rc.rule.value} (the answer is the header)`);
    if (rc.rule.body !== "responseContent") return skip(`body source is ${rc.rule.body}`);
    const want = effectiveBody(o)?.responseContent;
    if (typeof want !== "string") return skip("the Authlete body has no responseContent");
    return rc.a.body === want ? { status: "pass" } : fail(JSON.stringify(rc.a.body.slice(0, 120)), `responseContent verbatim: ${JSON.stringify(want.slice(0, 120))}`);
  },
};

/** server.headers.cache: Cache-Control: no-store and Pragma: no-cache where the rule lists them. */
export const cache: ServerCheck = {
  name: "server.headers.cache",
  severity: "fail",
  run(o) {
    const rc = ruleCase(o);
    if (isVerdict(rc)) return rc;
    const wantsCache = rc.rule.headers.some((h) => h.name.toLowerCase() === "cache-control");
    const wantsPragma = rc.rule.headers.some((h) => h.name.toLowerCase() === "pragma");
    if (!wantsCache && !wantsPragma) return skip(`the rule for ${rc.rule.value} lists no cache headers`);
    const cc = rc.a.headers["cache-control"] ?? "";
    if (wantsCache && !/\bno-store\b/i.test(cc)) return fail(`Cache-Control: ${cc || "(none)"}`, "Cache-Control: no-store");
    if (wantsPragma && !/\bno-cache\b/i.test(rc.a.headers.pragma ?? "")) return fail(`Pragma: ${rc.a.headers.pragma ?? "(none)"}`, "Pragma: no-cache");
    return { status: "pass" };
  },
};

/** server.headers.content-type: the documented media type. */
export const contentType: ServerCheck = {
  name: "server.headers.content-type",
  severity: "fail",
  run(o) {
    const rc = ruleCase(o);
    if (isVerdict(rc)) return rc;
    if (!rc.rule.contentType || rc.rule.status === null) return skip(`no content type is documented for ${rc.rule.value}`);
    const content = effectiveBody(o)?.responseContent;
    if (rc.rule.body === "responseContent" && (typeof content !== "string" || content === "")) return skip("no body to type");
    const got = rc.a.headers["content-type"];
    return media(got) === media(rc.rule.contentType) ? { status: "pass" } : fail(`Content-Type: ${got ?? "(none)"}`, `Content-Type: ${rc.rule.contentType}`);
  },
};

export const wwwAuthenticate = headerCheck("server.headers.www-authenticate", "WWW-Authenticate");
export const location = headerCheck("server.headers.location", "Location");

/** server.headers.dpop-nonce: DPoP-Nonce whenever the Authlete response carries dpopNonce. */
export const dpopNonce: ServerCheck = {
  name: "server.headers.dpop-nonce",
  severity: "fail",
  run(o) {
    if (o.served.fault || o.case.variant !== "conforming") return skip("only for documented actions");
    const rule = o.contract.conditionalHeaders.find((h) => h.name === "DPoP-Nonce" && h.when);
    if (!rule) return skip("this API has no DPoP-Nonce rule");
    const nonce = effectiveBody({ ...o, followUp: undefined } as ServerObservation)?.[rule.when!];
    if (typeof nonce !== "string") return skip("no dpopNonce in this response");
    const a = answered(o);
    if (!a) return skip("no answer (see server.alive)");
    return a.headers["dpop-nonce"] === nonce ? { status: "pass" } : fail(`DPoP-Nonce: ${a.headers["dpop-nonce"] ?? "(none)"}`, `DPoP-Nonce: ${nonce}`);
  },
};

/** server.follow-up: the documented next API is called, carrying the fields it needs (e.g. ticket). */
export const followUp: ServerCheck = {
  name: "server.follow-up",
  severity: "fail",
  run(o) {
    const next = o.rule?.next;
    if (o.served.fault || o.case.variant !== "conforming" || !next || next.optional || next.later || !next.operations.length) return skip("no mandatory follow-up call");
    const call = o.requests.find((r) => r.operationId && next.operations.includes(r.operationId));
    if (!call) return fail(`calls to ${o.requests.map((r) => r.operationId ?? r.path).join(", ") || "nothing"}`, `a call to ${next.operations.join(" or ")} after ${o.rule!.value}`);
    const sent = effectiveBody({ ...o, followUp: undefined } as ServerObservation) ?? {};
    let params: Record<string, unknown> = {};
    try {
      params = /json/.test(call.headers["content-type"] ?? "") ? (JSON.parse(call.body) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(call.body));
    } catch {
      /* judged below */
    }
    for (const field of next.carries) {
      if (typeof sent[field] === "string" && params[field] !== sent[field]) return fail(`${call.operationId} with ${field} = ${JSON.stringify(params[field])}`, `${field} = ${JSON.stringify(sent[field])} from the ${o.contract.operationId} response`);
    }
    return { status: "pass" };
  },
};

/** server.unknown-action: an action the server does not know → 500, without hanging. */
export const unknownAction: ServerCheck = {
  name: "server.unknown-action",
  severity: "fail",
  run(o) {
    if (o.case.variant !== "unknown-action") return skip("only for unknown-action cases");
    const a = answered(o);
    if (!a) return fail(`no answer: ${"error" in o.answer ? o.answer.error : ""}`, "500 for an unknown action");
    return a.status === 500 ? { status: "pass" } : fail(`${a.status}`, `500 for the unknown action ${o.case.action}`);
  },
};

/** server.upstream-error: Authlete error statuses, garbage, a reset connection or no answer → 500, not a crash or a success. */
export const upstreamError: ServerCheck = {
  name: "server.upstream-error",
  severity: "fail",
  run(o) {
    if (!o.served.fault) return skip("only for injected upstream failures");
    const a = answered(o);
    if (!a) return fail(`no answer: ${"error" in o.answer ? o.answer.error : ""}`, `500 when Authlete answers ${o.served.fault}`);
    return a.status === 500 ? { status: "pass" } : fail(`${a.status}`, `500 when Authlete answers ${o.served.fault}`);
  },
};

/** server.no-secret-leak: the API secret and the service access token never reach an answer. */
export const noSecretLeak: ServerCheck = {
  name: "server.no-secret-leak",
  severity: "fail",
  run(o) {
    const a = answered(o);
    if (!a) return skip("no answer");
    const text = `${Object.entries(a.headers).map(([k, v]) => `${k}: ${v}`).join("\n")}\n${a.body}`;
    const leaked = o.secrets.filter((s) => s && text.includes(s));
    return leaked.length ? fail(`an answer containing ${leaked.length} Authlete credential(s) (redacted)`, "no API secret or service access token in any answer") : { status: "pass" };
  },
};

/** server.alive: the server answers every case and is still running afterwards. */
export const alive: ServerCheck = {
  name: "server.alive",
  severity: "fail",
  run(o) {
    if ("error" in o.answer) return fail(o.answer.error, "an HTTP answer");
    return o.aliveAfter ? { status: "pass" } : fail("the server process exited after this case", "the server keeps running");
  },
};

export const SERVER_CHECKS: readonly ServerCheck[] = [status, body, cache, contentType, wwwAuthenticate, location, dpopNonce, followUp, unknownAction, upstreamError, noSecretLeak, alive];
