import type { Secret, ServerAnswer, ServerObservation } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import type { MockServer } from "../mock/server.ts";
import {
  completionRequest,
  endpointRequest,
  PUBLIC_PROBES,
  type Endpoint,
  type ProofMaker,
} from "../targets/endpoints.ts";
import type { RunningServer } from "../targets/server.ts";
import { followUpBody, SERVER_FAULTS, type ServerCase } from "./server-plan.ts";

/** What observing a case needs from the run around it. */
export interface ObserveContext {
  mock: MockServer;
  baseUrl: string;
  byId: Map<string, Contract>;
  timeoutMs: number;
  secrets: string[];
  disclosures: Secret[];
  proof: ProofMaker;
  /** The launched server (absent for --server-url): its log and liveness. */
  server?: RunningServer;
  /** Path that answers whenever the server runs (the readiness path). */
  alivePath: string;
  /** Redacts a log line (the run's secrets, the client secret, configured patterns). */
  redact: (line: string) => string;
}

/** A server answer is read up to this size: a runaway body must not exhaust the kit's memory. */
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

/** The body as text, or undefined when it is larger than `max` (the rest is not read). */
async function readCapped(res: Response, max: number): Promise<string | undefined> {
  if (!res.body) return "";
  // A declared size over the limit is refused without reading a byte of it.
  if (Number(res.headers.get("content-length") ?? 0) > max) return void (await res.body.cancel().catch(() => {}));
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > max) {
      await res.body.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Sends one request; the answer (with its cookies) or why there was none. */
export async function send(
  url: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<{ answer: ServerAnswer; cookies: string[] }> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await readCapped(res, MAX_ANSWER_BYTES);
    if (body === undefined)
      return {
        answer: {
          error: `answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB (status ${res.status}); stopped reading`,
        },
        cookies: [],
      };
    return {
      answer: {
        status: res.status,
        headers: Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])),
        body,
      },
      cookies: res.headers.getSetCookie(),
    };
  } catch (err) {
    const e = err as Error & { cause?: Error };
    return {
      answer: {
        error:
          e.name === "TimeoutError"
            ? `no answer within ${timeoutMs} ms`
            : `request failed: ${e.message}${e.cause ? ` (${e.cause.message})` : ""}`,
      },
      cookies: [],
    };
  }
}

/**
 * Scripts the mock for a case: the first call's answer (a body or a fault), and for every API the
 * rule allows next, the action `then` selects. Returns what each follow-up API will answer.
 */
export function scriptCase(
  mock: MockServer,
  c: Contract,
  sc: ServerCase,
  byId: Map<string, Contract>,
): Map<string, { body: string; rule?: Contract["actions"][number] }> {
  const { planned, rule } = sc;
  const fault = SERVER_FAULTS.find((f) => f.kind === planned.fault);
  mock.setDefault(
    c.operationId,
    fault ? fault.answer : { status: planned.status, body: planned.case.body, contentType: planned.contentType },
  );
  const scripted = new Map<string, { body: string; rule?: Contract["actions"][number] }>();
  for (const id of rule?.next?.operations ?? []) {
    const nc = byId.get(id);
    if (!nc) continue;
    const f = followUpBody(nc, sc.then);
    mock.setDefault(id, { status: nc.response.status, body: f.body, contentType: nc.response.contentType });
    scripted.set(id, f);
  }
  return scripted;
}

/**
 * Asks the server something cheap after a case: a process that exits right after answering is
 * caught here. Only a refused or dropped connection, or a process that exited, counts as dead; a
 * slow answer on a busy machine is asked again with the full call timeout before it counts.
 */
export async function stillAnswers(ctx: ObserveContext): Promise<boolean> {
  for (const wait of [Math.min(2000, ctx.timeoutMs), ctx.timeoutMs]) {
    const r = await send(`${ctx.baseUrl}${ctx.alivePath}`, { redirect: "manual" }, wait);
    if (!("error" in r.answer)) return ctx.server ? ctx.server.alive() : true;
    if (r.answer.error.startsWith("request failed")) {
      // Let a dying process finish, so the restart before the next case finds it gone.
      await ctx.server?.waitExit(1500);
      return false;
    }
    if (ctx.server && !ctx.server.alive()) return false;
  }
  return false;
}

/** Runs one case: scripts the mock, drives the route (and a completion step after a user page), observes. */
export async function observeServer(
  ctx: ObserveContext,
  e: Endpoint | undefined,
  c: Contract,
  sc: ServerCase,
): Promise<ServerObservation> {
  const { mock } = ctx;
  mock.reset();
  const mark = ctx.server?.mark();
  const scripted: ReturnType<typeof scriptCase> = sc.probe
    ? new Map<string, never>()
    : scriptCase(mock, c, sc, ctx.byId);
  const probe = PUBLIC_PROBES.find((p) => p.name === sc.probe);
  const req = probe
    ? {
        url: `${ctx.baseUrl}${probe.path}`,
        init: { method: "GET", redirect: "manual" as const },
        sent: { method: "GET", url: `${ctx.baseUrl}${probe.path}`, headers: {}, body: "" },
      }
    : endpointRequest(e!, ctx.baseUrl, ctx.proof);
  const first = await send(req.url, req.init, ctx.timeoutMs);
  let completion: ServerObservation["completion"];
  const later = sc.rule?.next?.later && e?.completion && !sc.probe;
  if (later && !("error" in first.answer) && first.answer.status < 400) {
    // A redirect to the server's own page is followed (with its cookies) as a browser would.
    let page = first;
    const cookies = [...first.cookies];
    for (
      let hop = 0;
      hop < 3 &&
      !("error" in page.answer) &&
      [301, 302, 303, 307].includes(page.answer.status) &&
      page.answer.headers.location;
      hop++
    ) {
      const to = new URL(page.answer.headers.location, ctx.baseUrl);
      if (to.origin !== new URL(ctx.baseUrl).origin) break;
      const cookie = cookies.map((k) => k.split(";")[0]).join("; ");
      page = await send(
        to.href,
        { method: "GET", redirect: "manual", headers: cookie ? { cookie } : {} },
        ctx.timeoutMs,
      );
      cookies.push(...page.cookies);
    }
    const body = "error" in page.answer ? "" : page.answer.body;
    const done = completionRequest(e.completion!, ctx.baseUrl, { body, cookies });
    completion = { request: done.sent, answer: (await send(done.url, done.init, ctx.timeoutMs)).answer };
  }
  const requests = mock.takeRequests();
  const called = requests.find((r) => r.operationId && scripted.has(r.operationId));
  const followUp = called
    ? { contract: ctx.byId.get(called.operationId!)!, ...scripted.get(called.operationId!)! }
    : undefined;
  let aliveAfter: boolean;
  const failed = (a: ServerAnswer | undefined) =>
    a !== undefined && "error" in a && a.error.startsWith("request failed");
  // The connection dropped: give a crashing server (and its wrapper processes) a moment to exit.
  if ((failed(first.answer) || failed(completion?.answer)) && ctx.server)
    aliveAfter = !(await ctx.server.waitExit(1500));
  else if (!("error" in first.answer) || sc.planned.fault === "timeout") aliveAfter = await stillAnswers(ctx);
  else aliveAfter = ctx.server ? ctx.server.alive() : true;
  const log = ctx.server && mark !== undefined ? ctx.server.linesSince(mark).map(ctx.redact) : undefined;
  return {
    contract: c,
    case: sc.planned.case,
    served: {
      status: sc.planned.status,
      body: sc.planned.case.body,
      ...(sc.planned.fault ? { fault: sc.planned.fault } : {}),
    },
    ...(sc.rule ? { rule: sc.rule } : {}),
    ...(followUp && (sc.rule?.next?.later ? completion : true) ? { followUp } : {}),
    answer: first.answer,
    client: req.sent,
    ...(completion ? { completion } : {}),
    ...(sc.probe ? { probe: sc.probe } : {}),
    requests,
    secrets: ctx.secrets,
    disclosures: ctx.disclosures,
    aliveAfter,
    ...(log?.length ? { log } : {}),
  };
}

/**
 * The upstream timeout of every route at once: Authlete never answers any of them, and each
 * costs the server's own Authlete timeout, so they wait together rather than one after another.
 */
export async function observeTimeouts(
  ctx: ObserveContext,
  items: Array<{ e: Endpoint; c: Contract; sc: ServerCase }>,
): Promise<ServerObservation[]> {
  const { mock } = ctx;
  mock.reset();
  const mark = ctx.server?.mark();
  for (const { c, sc } of items) scriptCase(mock, c, sc, ctx.byId);
  const sent = await Promise.all(
    items.map(async ({ e }) => {
      const req = endpointRequest(e, ctx.baseUrl, ctx.proof);
      return { req, r: await send(req.url, req.init, ctx.timeoutMs) };
    }),
  );
  const requests = mock.takeRequests();
  const aliveAfter = await stillAnswers(ctx);
  const log = ctx.server && mark !== undefined ? ctx.server.linesSince(mark).map(ctx.redact) : undefined;
  return items.map(({ c, sc }, k) => ({
    contract: c,
    case: sc.planned.case,
    served: { status: 0, body: "", fault: "timeout" as const },
    answer: sent[k]!.r.answer,
    client: sent[k]!.req.sent,
    requests: requests.filter((r) => r.operationId === c.operationId),
    secrets: ctx.secrets,
    disclosures: ctx.disclosures,
    aliveAfter,
    ...(log?.length ? { log } : {}),
  }));
}
