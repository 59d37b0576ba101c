import type { IncomingMessage, ServerResponse } from "node:http";
import type { RecordedRequest } from "../model/observed.ts";
import type { Answer, Fault } from "./answer.ts";
import { sameText } from "./request-check.ts";
import { AUTHLETE_ERROR_STATUSES } from "./result-codes.ts";

/** Reserved path prefix of the control endpoint; no Authlete API lives under it. */
export const CONTROL_PREFIX = "/__conformance/";

/** Header that must carry the mock's control token on every control call. */
export const CONTROL_HEADER = "x-conformance-control";

/** What the control endpoint drives: the mock's own scripting API. */
export interface Controllable {
  readonly controlToken: string;
  /** True when the profile has this operation. */
  knows(operationId: string): boolean;
  script(operationId: string, answer: Answer): void;
  setDefault(operationId: string, answer: Answer): void;
  requests(): RecordedRequest[];
  takeRequests(): RecordedRequest[];
  reset(): void;
  /** Sets up a Pact provider state; false when the mock does not know it. */
  applyState(state: string): boolean;
}

/** Longest `delay` a script may ask for: long enough for any client timeout, short enough to end. */
export const MAX_DELAY_MS = 10 * 60_000;

const json = (res: ServerResponse, status: number, value: unknown): void => {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(body)),
    "cache-control": "no-store",
  });
  res.end(body);
};

/**
 * The control API for other processes (docs/mock.md): script answers, read recorded requests,
 * reset. Every call needs `X-Conformance-Control: <token>`. A browser page cannot send that header
 * cross-origin without a CORS preflight, which the mock never grants, so only local programs
 * that were given the token can drive it.
 */
export function handleControl(
  mock: Controllable,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  query: Record<string, string>,
  body: string,
): void {
  const route = `${req.method} ${path.slice(CONTROL_PREFIX.length)}`;
  // The Pact Verifier cannot add a header to its state calls, so that one route also takes the
  // token as `?token=`: the URL handed to the Verifier is then the secret.
  const given = req.headers[CONTROL_HEADER] ?? (route === "POST pact-state" ? query.token : undefined);
  // Scenario: control call without the right token.
  if (typeof given !== "string" || !sameText(given, mock.controlToken))
    return json(res, 403, { error: "missing or wrong X-Conformance-Control header" });
  switch (route) {
    // Scenario: control health.
    case "GET health":
      return json(res, 200, { ok: true });
    // Scenario: queue or set sticky answers.
    case "POST script":
    case "POST default": {
      const parsed = parseEntries(body, mock);
      if (typeof parsed === "string") return json(res, 400, { error: parsed });
      for (const e of parsed) {
        if (route === "POST script") mock.script(e.operationId, e.answer);
        else mock.setDefault(e.operationId, e.answer);
      }
      return json(res, 200, { ok: true, count: parsed.length });
    }
    // Scenario: read (and with ?take=1 clear) the recorded requests.
    case "GET requests":
      return json(res, 200, query.take === "1" || query.take === "true" ? mock.takeRequests() : mock.requests());
    // Scenario: forget queues, defaults and records.
    case "POST reset":
      mock.reset();
      return json(res, 200, { ok: true });
    // Scenario: Pact provider state set up (or torn down: nothing to undo).
    case "POST pact-state":
      return pactState(mock, res, body);
    // Scenario: unknown control route.
    default:
      return json(res, 404, { error: `no control route ${route}; see docs/mock.md` });
  }
}

/** Pact's provider-states protocol: `{"state": "...", "action": "setup" | "teardown", "params": {...}}`. */
function pactState(mock: Controllable, res: ServerResponse, body: string): void {
  let msg: unknown;
  try {
    msg = JSON.parse(body);
  } catch {
    return json(res, 400, { error: "provider state request body is not JSON" });
  }
  if (!isObject(msg) || typeof msg.state !== "string")
    return json(res, 400, { error: 'expected {"state": "...", "action": "setup" | "teardown"}' });
  if (msg.action === "teardown") return json(res, 200, {});
  if (!mock.applyState(msg.state))
    return json(res, 400, {
      error: `unknown provider state "${msg.state}" (the kit's states read "<operationId> returns action <ACTION>"; see docs/pact.md)`,
    });
  return json(res, 200, {});
}

/** `{operationId, answer}` or an array of them, checked so a bad script fails at once, not mid-run. */
function parseEntries(body: string, mock: Controllable): Array<{ operationId: string; answer: Answer }> | string {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch {
    return "control request body is not JSON";
  }
  const list = Array.isArray(payload) ? payload : [payload];
  const out: Array<{ operationId: string; answer: Answer }> = [];
  for (const [i, e] of list.entries()) {
    const at = Array.isArray(payload) ? `[${i}]: ` : "";
    if (!isObject(e) || typeof e.operationId !== "string" || !isObject(e.answer))
      return `${at}expected {"operationId": "...", "answer": {...}} or an array of them`;
    if (!mock.knows(e.operationId)) return `${at}unknown operationId "${e.operationId}"`;
    const answer = parseAnswer(e.answer);
    if (typeof answer === "string") return `${at}answer: ${answer}`;
    out.push({ operationId: e.operationId, answer });
  }
  return out;
}

/** Checks an answer's shape; returns it typed, or what is wrong with it. */
export function parseAnswer(a: Record<string, unknown>): Answer | string {
  const unknown = Object.keys(a).filter((k) => !["status", "body", "contentType", "headers", "fault"].includes(k));
  if (unknown.length) return `unknown field ${unknown.map((k) => `"${k}"`).join(", ")}`;
  if (
    a.status !== undefined &&
    !(Number.isInteger(a.status) && (a.status as number) >= 200 && (a.status as number) <= 599)
  )
    return "status must be an integer from 200 to 599";
  if (a.body !== undefined && typeof a.body !== "string")
    return "body must be a string (the exact bytes to send; JSON-encode a JSON body)";
  if (a.contentType !== undefined && a.contentType !== null && typeof a.contentType !== "string")
    return "contentType must be a string or null";
  if (a.headers !== undefined && !(isObject(a.headers) && Object.values(a.headers).every((v) => typeof v === "string")))
    return "headers must be an object of strings";
  if (a.fault !== undefined) {
    const f = parseFault(a.fault);
    if (typeof f === "string") return `fault: ${f}`;
  }
  return a;
}

function parseFault(f: unknown): Fault | string {
  if (!isObject(f)) return "must be an object with a kind";
  switch (f.kind) {
    case "status":
      if (!(AUTHLETE_ERROR_STATUSES as readonly unknown[]).includes(f.status))
        return `status must be one of ${AUTHLETE_ERROR_STATUSES.join(", ")}`;
      if (f.resultCode !== undefined && typeof f.resultCode !== "string") return "resultCode must be a string";
      if (f.resultMessage !== undefined && typeof f.resultMessage !== "string") return "resultMessage must be a string";
      return f as Fault;
    case "delay":
      if (!(typeof f.ms === "number" && f.ms >= 0 && f.ms <= MAX_DELAY_MS))
        return `ms must be a number from 0 to ${MAX_DELAY_MS}`;
      return f as Fault;
    case "truncate":
    case "reset-mid-body":
    case "non-json":
    case "reset":
    case "hang":
      return f as Fault;
    default:
      return `unknown kind ${JSON.stringify(f.kind)} (status, delay, truncate, reset-mid-body, non-json, reset, hang)`;
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
