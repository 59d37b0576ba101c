import type { ServerCheck, Verdict } from "./common.ts";
import {
  answerCase,
  answered,
  effectiveBody,
  expectedHeader,
  fail,
  failedToHandle,
  isVerdict,
  ruleCase,
  skip,
  undocumentedError,
  unknownActionServed,
} from "./common.ts";
import type { ActionRule } from "../../contracts/model.ts";
import type { ServerObservation } from "../observation.ts";
import { authleteRequest } from "./authlete-request.ts";
import { errorAnswer } from "./error-answer.ts";

const media = (ct: string | undefined) => (ct ?? "").split(";")[0]!.trim().toLowerCase();

/** A user page may be shown by redirecting to the server's own page (same origin) first. */
function ownPageRedirect(
  rule: ActionRule,
  a: { status: number; headers: Record<string, string> },
  o: ServerObservation,
): boolean {
  if (rule.body !== "page" || ![302, 303].includes(a.status) || !a.headers.location) return false;
  if (a.headers.location.startsWith("/") && !a.headers.location.startsWith("//")) return true;
  try {
    return o.client !== undefined && new URL(a.headers.location).origin === new URL(o.client.url).origin;
  } catch {
    return false;
  }
}

/** The answer is the alternative the facts allow for a grant the server does not support. */
function declined(rule: ActionRule, a: { status: number; body: string }): boolean {
  if (!rule.decline || a.status !== rule.decline.status) return false;
  try {
    return (JSON.parse(a.body) as { error?: unknown }).error === rule.decline.error;
  } catch {
    return false;
  }
}

/** A header rule check: the rule lists the header; the answer must carry the expected value. */
function headerCheck(name: string, header: string): ServerCheck {
  return {
    name,
    severity: "fail",
    run(o) {
      const rc = answerCase(o);
      if (isVerdict(rc)) return rc;
      const rule = rc.rule.headers.find((h) => h.name.toLowerCase() === header.toLowerCase());
      if (!rule) return skip(`the rule for ${rc.rule.value} has no ${header}`);
      if (rc.rule.status === null) return skip("no direct answer is mandated");
      const want = expectedHeader(rule.value, effectiveBody(o));
      if (want === undefined) return skip(`the body has no value for ${rule.value}`);
      const got = rc.a.headers[header.toLowerCase()];
      if (got === undefined)
        return fail(`no ${header} header`, `${header}: ${want === "{*}" ? "(a challenge)" : want}`);
      if (want !== "{*}" && got !== want)
        return fail(`${header}: ${got}`, `${header}: ${want}`, { expected: want, actual: got });
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
    if (ownPageRedirect(rc.rule, rc.a, o))
      return { status: "pass", message: `redirected to its own page (${rc.a.headers.location})` };
    if (declined(rc.rule, rc.a))
      return {
        status: "pass",
        message: `declined: ${rc.a.status} ${rc.rule.decline!.error}, as the facts allow for ${rc.rule.value}`,
      };
    if (rc.a.status === rc.rule.status) return { status: "pass" };
    // One way of getting it wrong is one defect whatever the action: failing to handle (a 5xx), or one wrong status.
    const defect =
      rc.a.status >= 500 && rc.rule.status < 500
        ? `a documented action answered ${rc.a.status}`
        : `${rc.rule.status} answered ${rc.a.status}`;
    return fail(`${rc.a.status}`, `${rc.rule.status} for action ${rc.rule.value}`, {
      expected: rc.rule.status,
      actual: rc.a.status,
      defect,
    });
  },
};

/** server.body: `responseContent` verbatim where the rule says so; no body where it says none. */
export const body: ServerCheck = {
  name: "server.body",
  severity: "fail",
  run(o) {
    const rc = answerCase(o);
    if (isVerdict(rc)) return rc;
    if (rc.rule.body === "none")
      return rc.a.body === ""
        ? { status: "pass" }
        : fail(`a ${rc.a.body.length}-byte body`, `no body for ${rc.rule.value} (the answer is the header)`);
    if (rc.rule.body !== "responseContent") return skip(`body source is ${rc.rule.body}`);
    const want = effectiveBody(o)?.responseContent;
    if (typeof want !== "string") return skip("the Authlete body has no responseContent");
    return rc.a.body === want
      ? { status: "pass" }
      : fail(
          JSON.stringify(rc.a.body.slice(0, 120)),
          `responseContent verbatim: ${JSON.stringify(want.slice(0, 120))}`,
        );
  },
};

/** Cache-Control: no-store and Pragma: no-cache on an answer, or the first one missing. */
function noStore(h: Record<string, string>, wantsCache = true, wantsPragma = true): Verdict {
  const cc = h["cache-control"] ?? "";
  if (wantsCache && !/\bno-store\b/i.test(cc))
    return fail(`Cache-Control: ${cc || "(none)"}`, "Cache-Control: no-store");
  if (wantsPragma && !/\bno-cache\b/i.test(h.pragma ?? ""))
    return fail(`Pragma: ${h.pragma ?? "(none)"}`, "Pragma: no-cache");
  return { status: "pass" };
}

/**
 * server.headers.cache: Cache-Control: no-store and Pragma: no-cache where the rule lists them,
 * and on every error answer the facts do not spell out (unknown action, upstream failure, any 5xx).
 */
export const cache: ServerCheck = {
  name: "server.headers.cache",
  severity: "fail",
  run(o) {
    if (undocumentedError(o)) {
      const v = noStore(answered(o)!.headers);
      return v.status === "fail" ? { ...v, message: `${v.message} (on a ${answered(o)!.status} error answer)` } : v;
    }
    const rc = ruleCase(o);
    if (isVerdict(rc)) return rc;
    const wantsCache = rc.rule.headers.some((h) => h.name.toLowerCase() === "cache-control");
    const wantsPragma = rc.rule.headers.some((h) => h.name.toLowerCase() === "pragma");
    if (!wantsCache && !wantsPragma) return skip(`the rule for ${rc.rule.value} lists no cache headers`);
    return noStore(rc.a.headers, wantsCache, wantsPragma);
  },
};

/** server.headers.content-type: the documented media type. */
export const contentType: ServerCheck = {
  name: "server.headers.content-type",
  severity: "fail",
  run(o) {
    const rc = answerCase(o);
    if (isVerdict(rc)) return rc;
    if (!rc.rule.contentType || rc.rule.status === null)
      return skip(`no content type is documented for ${rc.rule.value}`);
    const content = effectiveBody(o)?.responseContent;
    if (rc.rule.body === "responseContent" && (typeof content !== "string" || content === ""))
      return skip("no body to type");
    if (ownPageRedirect(rc.rule, rc.a, o)) return skip("a redirect to the server's own page");
    const got = rc.a.headers["content-type"];
    return media(got) === media(rc.rule.contentType)
      ? { status: "pass" }
      : fail(`Content-Type: ${got ?? "(none)"}`, `Content-Type: ${rc.rule.contentType}`);
  },
};

export const wwwAuthenticate = headerCheck("server.headers.www-authenticate", "WWW-Authenticate");
export const location = headerCheck("server.headers.location", "Location");

/** server.headers.dpop-nonce: DPoP-Nonce whenever the Authlete response carries dpopNonce. */
export const dpopNonce: ServerCheck = {
  name: "server.headers.dpop-nonce",
  severity: "fail",
  run(o) {
    if (o.served.fault || o.case.variant !== "conforming" || o.probe) return skip("only for documented actions");
    const rule = o.contract.conditionalHeaders.find((h) => h.name === "DPoP-Nonce" && h.when);
    if (!rule) return skip("this API has no DPoP-Nonce rule");
    const failed = failedToHandle(o);
    if (failed) return skip(failed);
    const nonce = effectiveBody({ ...o, followUp: undefined })?.[rule.when!];
    if (typeof nonce !== "string") return skip("no dpopNonce in this response");
    const a = answered(o);
    if (!a) return skip("no answer (see server.alive)");
    return a.headers["dpop-nonce"] === nonce
      ? { status: "pass" }
      : fail(`DPoP-Nonce: ${a.headers["dpop-nonce"] ?? "(none)"}`, `DPoP-Nonce: ${nonce}`);
  },
};

/** Every string value the client put in its request: a server may pass these on to Authlete. */
function clientValues(o: ServerObservation): Set<string> {
  const out = new Set<string>();
  for (const req of [o.client, o.completion?.request]) {
    if (!req) continue;
    const u = new URL(req.url);
    for (const v of u.searchParams.values()) out.add(v);
    const auth = req.headers.authorization ?? "";
    if (/^(Bearer|DPoP) /i.test(auth)) out.add(auth.replace(/^\S+ /, ""));
    if (/^Basic /i.test(auth)) for (const v of Buffer.from(auth.slice(6), "base64").toString().split(":")) out.add(v);
    for (const v of new URLSearchParams(req.body).values()) out.add(v);
  }
  return out;
}

/** The parameters of a recorded Authlete request (JSON or form). */
function paramsOf(call: { headers: Record<string, string>; body: string }): Record<string, unknown> {
  try {
    return /json/.test(call.headers["content-type"] ?? "")
      ? (JSON.parse(call.body) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(call.body));
  } catch {
    return {};
  }
}

/**
 * server.follow-up: one of the documented next APIs is called (after a user page: once the user
 * completes it), carrying the fields it needs: the value Authlete answered (e.g. `ticket`), or for
 * a value the client presented itself (the access token of a userinfo request), the client's.
 */
export const followUp: ServerCheck = {
  name: "server.follow-up",
  severity: "fail",
  run(o) {
    const next = o.rule?.next;
    if (o.served.fault || o.case.variant !== "conforming" || !next || next.optional || !next.operations.length)
      return skip("no mandatory follow-up call");
    if (next.later && !o.completion)
      return skip(
        `the ${next.operations.join(" or ")} call comes after the user completes the page (no completion step in this case)`,
      );
    const failed = failedToHandle(o);
    if (failed) return skip(failed);
    const call = o.requests.find((r) => r.operationId && next.operations.includes(r.operationId));
    const after = next.later ? " once the user completed the page" : "";
    if (!call)
      return fail(
        `calls to ${o.requests.map((r) => r.operationId ?? r.path).join(", ") || "nothing"}`,
        `a call to ${next.operations.join(" or ")} after ${o.rule!.value}${after}`,
      );
    const sent = effectiveBody({ ...o, followUp: undefined }) ?? {};
    const params = paramsOf(call);
    const fromClient = clientValues(o);
    for (const field of next.carries) {
      const got = params[field];
      if (typeof sent[field] !== "string" || got === sent[field] || (typeof got === "string" && fromClient.has(got)))
        continue;
      return fail(
        `${call.operationId} with ${field} = ${JSON.stringify(got)}`,
        `${field} = ${JSON.stringify(sent[field])} from the ${o.contract.operationId} response${fromClient.size ? " (or the value the client sent)" : ""}`,
      );
    }
    return { status: "pass" };
  },
};

/** server.unknown-action: an action the server does not know (from the first call or a follow-up) → 500, without hanging. */
export const unknownAction: ServerCheck = {
  name: "server.unknown-action",
  severity: "fail",
  run(o) {
    if (!unknownActionServed(o) || o.served.fault) return skip("only for unknown-action cases");
    const where = o.followUp
      ? `from the follow-up ${o.followUp.contract.operationId}`
      : `from ${o.contract.operationId}`;
    const a = answered(o);
    if (!a)
      return fail(`no answer: ${"error" in o.answer ? o.answer.error : ""}`, `500 for an unknown action ${where}`);
    return a.status === 500 ? { status: "pass" } : fail(`${a.status}`, `500 for an unknown action ${where}`);
  },
};

/** server.upstream-error: Authlete error statuses, garbage, a reset connection or no answer → 500, not a crash or a success. */
export const upstreamError: ServerCheck = {
  name: "server.upstream-error",
  severity: "fail",
  run(o) {
    if (!o.served.fault) return skip("only for injected upstream failures");
    const a = answered(o);
    const due =
      o.served.fault === "timeout"
        ? "500 once its own Authlete call times out"
        : `500 when Authlete answers ${o.served.fault}`;
    if (!a) return fail(`no answer: ${"error" in o.answer ? o.answer.error : ""}`, due);
    return a.status === 500 ? { status: "pass" } : fail(`${a.status}`, due);
  },
};

/** Every place of an answer a secret can hide: headers (the redirect URL included) and body. */
const answerText = (a: { headers: Record<string, string>; body: string }) =>
  `${Object.entries(a.headers)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n")}\n${a.body}`;

/**
 * server.no-secret-leak: no answer (a page, a redirect, an error, a public route) carries the
 * Authlete API secret or service access token, the client secret the kit sent, or the service ID
 * together with the Authlete base URL (the server's configuration).
 */
export const noSecretLeak: ServerCheck = {
  name: "server.no-secret-leak",
  severity: "fail",
  run(o) {
    const answers = [
      answered(o),
      o.completion && !("error" in o.completion.answer) ? o.completion.answer : undefined,
    ].filter((a) => a !== undefined);
    if (!answers.length) return skip("no answer");
    const text = answers.map(answerText).join("\n");
    const named = [
      { what: "Authlete credentials", values: [] as string[], any: o.secrets },
      ...(o.disclosures ?? []).map((d) => ({ ...d, any: undefined })),
    ];
    const leaked = named
      .filter((n) =>
        n.any
          ? n.any.some((s) => s && text.includes(s))
          : n.values.length > 0 && n.values.every((v) => v && text.includes(v)),
      )
      .map((n) => n.what);
    const where = o.probe ? ` at the public route ${o.client?.url ? new URL(o.client.url).pathname : o.probe}` : "";
    return leaked.length
      ? fail(
          `an answer${where} containing ${leaked.join(", ")} (redacted)`,
          "no Authlete credential, client secret or Authlete configuration in any answer",
        )
      : { status: "pass" };
  },
};

/**
 * server.alive: the server answers every case and is still running afterwards. The upstream
 * timeout case may end without an answer in time (server.upstream-error judges that): only a
 * dead process fails it.
 */
export const alive: ServerCheck = {
  name: "server.alive",
  severity: "fail",
  run(o) {
    const slow = (a: ServerObservation["answer"]) =>
      "error" in a && a.error.startsWith("no answer within") && o.served.fault === "timeout";
    for (const a of [o.answer, o.completion?.answer])
      if (a && "error" in a && !slow(a)) return fail(a.error, "an HTTP answer");
    return o.aliveAfter
      ? { status: "pass" }
      : fail("the server process exited (or stopped answering) after this case", "the server keeps running");
  },
};

export const SERVER_CHECKS: readonly ServerCheck[] = [
  status,
  body,
  cache,
  contentType,
  wwwAuthenticate,
  location,
  dpopNonce,
  followUp,
  unknownAction,
  upstreamError,
  noSecretLeak,
  alive,
  errorAnswer,
  authleteRequest,
];
