import { randomBytes, randomInt } from "node:crypto";
import { runServerChecks } from "../checks/run-server-checks.ts";
import type { ServerAnswer, ServerObservation } from "../checks/observation.ts";
import type { ActionRule, Contract } from "../contracts/model.ts";
import { loadProfile, selectOperations } from "../contracts/store.ts";
import type { Case, PlannedCase } from "../generate/case.ts";
import { coverageCases, randomCases } from "../generate/cases.ts";
import { faultCases } from "../generate/faults.ts";
import { operationSeed } from "../generate/id.ts";
import { startMock, type MockServer } from "../mock/server.ts";
import type { Report } from "../report/model.ts";
import { chain, redactor, type Redactor } from "../report/redact.ts";
import { DEFAULT_ENDPOINTS, endpointRequest, type Endpoint } from "../targets/endpoints.ts";
import { launchServer, ServerStartError, type RunningServer, type ServerEnvNames } from "../targets/server.ts";
import { Collector, toReport } from "./collect.ts";
import { parseLossless, stringifyLossless, type JsonValue } from "../json/lossless.ts";
import type { RunEvent, RunOptions } from "./options.ts";
import { shardOf } from "./plan.ts";

export interface ServerRunOptions extends Omit<RunOptions, "sdk" | "sdkCwd" | "sdkEnv" | "concurrency"> {
  /** Command that starts the server (`{port}` is filled in), or undefined with `serverUrl`. */
  server?: string;
  serverUrl?: string;
  serverCwd?: string;
  readyPath?: string;
  readyTimeoutMs?: number;
  envNames?: Partial<ServerEnvNames>;
  endpoints?: Endpoint[];
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

/** Restarts after the server died, before the run gives up on it. */
const MAX_RESTARTS = 30;

/** A body of `contract` with the given action: the fullest coverage template, then random ones. */
function bodiesFor(contract: Contract, action: string, seed: number, count: number): Case[] {
  const cov = coverageCases(contract, action);
  const full = cov[cov.length - 1]!;
  return [full, ...randomCases(contract, { seed, count: Math.max(0, count - 1), action })];
}

/** Response fields the server must copy into HTTP headers (from the rules' header templates). */
function headerBoundFields(c: Contract, rule?: ActionRule): string[] {
  const fields = new Set(c.conditionalHeaders.map((h) => h.when).filter((w): w is string => !!w));
  for (const h of rule?.headers ?? []) for (const m of h.value.matchAll(/\{(\w+)\}/g)) if (m[1] !== "*") fields.add(m[1]!);
  return [...fields];
}

/**
 * HTTP header values are visible ASCII without spaces at the ends: a header-bound string field gets
 * other characters replaced (deterministically, so the case still replays). Authlete never sends such values.
 */
function headerSafe(c: Contract, k: Case, rule?: ActionRule): Case {
  const fields = headerBoundFields(c, rule);
  if (!fields.length || !k.body.startsWith("{")) return k;
  const v = parseLossless(k.body) as Record<string, JsonValue>;
  let changed = false;
  for (const f of fields) {
    const x = v[f];
    // Outside visible ASCII, or spaces at either end (HTTP trims those), a value would not survive.
    if (typeof x === "string" && /[^\x20-\x7e]|^ | $/.test(x)) (v[f] = x.replace(/[^\x20-\x7e]/g, "_").replace(/^ +| +$/g, "_")), (changed = true);
  }
  return changed ? { ...k, body: stringifyLossless(v) } : k;
}

/** The rule the server should end on for a follow-up: the first one with a direct answer. */
function terminalRule(c: Contract): ActionRule | undefined {
  return c.actions.find((a) => a.status !== null && a.status < 400 && a.body === "responseContent") ?? c.actions.find((a) => a.status !== null);
}

/**
 * One server run: for every mapped operation and every documented action, the mock answers the
 * server's Authlete call with that action (and scripts follow-up APIs), the kit sends the server
 * the client request that triggers it, and the server checks judge the answer.
 */
export async function runServer(opts: ServerRunOptions, hooks: { kitVersion: string; signal?: AbortSignal; onEvent?: (e: RunEvent) => void; redact?: Redactor }): Promise<Report> {
  const profile = loadProfile(opts.profile);
  const selected = selectOperations(profile, opts.operations);
  const contracts = shardOf(selected, opts.shard);
  const endpoints = new Map((opts.endpoints ?? DEFAULT_ENDPOINTS).map((e) => [e.operationId, e]));
  const target = opts.server ?? opts.serverUrl!;
  const collector = new Collector((id) => `npx conformance run --server ${JSON.stringify(target)} --operations ${id.split("~")[0]} --seed ${opts.seed}`);
  const credentials = { serviceId: String(randomInt(1_000_000, 9_999_999)), accessToken: randomBytes(18).toString("base64url"), apiSecret: randomBytes(18).toString("base64url") };
  const secrets = [credentials.accessToken, credentials.apiSecret];
  const startedAt = new Date().toISOString();
  let mock: MockServer | undefined;
  let server: RunningServer | undefined;
  let incomplete: string | undefined;
  let exit2 = false;
  const start = () => launchServer({ command: opts.server!, mockUrl: mock!.url, credentials, ...(opts.serverCwd ? { cwd: opts.serverCwd } : {}), ...(opts.readyPath ? { readyPath: opts.readyPath } : {}), ...(opts.readyTimeoutMs ? { readyTimeoutMs: opts.readyTimeoutMs } : {}), ...(opts.envNames ? { envNames: opts.envNames } : {}), redact: chain(redactor(secrets), hooks.redact), ...(hooks.signal ? { signal: hooks.signal } : {}) });
  // An interrupt stops the server at once (a case in flight then fails and is dropped).
  const interrupt = () => void server?.stop();
  hooks.signal?.addEventListener("abort", interrupt, { once: true });
  try {
    mock = await startMock({ contracts: profile.contracts, credentials: { accessToken: credentials.accessToken, serviceId: credentials.serviceId }, enforceAuth: false });
    if (opts.server) server = await start();
    const baseUrl = server?.url ?? opts.serverUrl!;
    let restarts = 0;
    // The upstream timeout costs one server-side timeout, so one operation gets it: the first
    // driven one of the whole selection, so that every shard agrees on which.
    const timeoutOp = selected.find((c) => endpoints.has(c.operationId) && c.actions.length)?.operationId;
    // APIs a mapped endpoint calls as its follow-up are exercised through that endpoint.
    const followUpOf = new Map<string, string>();
    for (const e of endpoints.values()) for (const r of profile.byId.get(e.operationId)?.actions ?? []) for (const n of r.next?.operations ?? []) followUpOf.set(n, e.operationId);
    const driven = (c: Contract) => endpoints.has(c.operationId) && c.actions.length > 0;
    const plans = new Map(contracts.filter(driven).map((c) => [c.operationId, planServer(c, opts, c.operationId === timeoutOp)]));
    hooks.onEvent?.({ type: "started", operations: contracts.length, cases: [...plans.values()].reduce((n, p) => n + p.length, 0), seed: opts.seed });
    for (const c of contracts) {
      if (hooks.signal?.aborted) break;
      const endpoint = endpoints.get(c.operationId);
      if (!endpoint || !c.actions.length) {
        const via = followUpOf.get(c.operationId);
        collector.operation(c, !c.actions.length ? "no action to drive (a management API)" : via ? `reached as the follow-up call of ${via}` : "no server route in the endpoint map");
        continue;
      }
      const before = collector.count("fail");
      for (const planned of plans.get(c.operationId)!) {
        if (hooks.signal?.aborted) break;
        if (server && !server.alive()) {
          if (restarts++ >= MAX_RESTARTS) throw new ServerStartError(`the server died ${restarts} times; giving up`);
          await server.stop();
          server = await start();
        }
        const obs = await observeServer(mock, server?.url ?? baseUrl, endpoint, c, planned, profile.byId, opts.callTimeoutMs, secrets, () => (server ? server.alive() : true));
        // The connection dropped: give a crashing server (and its wrapper processes) a moment to exit.
        if (hooks.signal?.aborted) break;
        if ("error" in obs.answer && obs.answer.error.startsWith("request failed") && server) obs.aliveAfter = !(await server.waitExit(1500));
        collector.add(c, planned.planned, runServerChecks(obs, opts.checks ? { severity: opts.checks } : {}));
        hooks.onEvent?.({ type: "case", operationId: c.operationId, failures: collector.distinctFailures });
      }
      collector.finishOperation(c);
      hooks.onEvent?.({ type: "operation", operationId: c.operationId, cases: collector.operation(c).cases, failures: collector.count("fail") - before });
    }
    if (hooks.signal?.aborted) incomplete = "interrupted";
  } catch (e) {
    if (!(e instanceof ServerStartError)) throw e;
    incomplete = hooks.signal?.aborted ? "interrupted while the server was starting" : e.message;
    exit2 = collector.cases === 0 && !hooks.signal?.aborted;
  } finally {
    hooks.signal?.removeEventListener("abort", interrupt);
    await server?.stop();
    await mock?.close();
  }
  return toReport(collector, contracts, {
    kitVersion: hooks.kitVersion,
    profile: opts.profile,
    seed: opts.seed,
    runs: opts.runs,
    strict: opts.strict,
    target: { kind: "server", spec: target },
    startedAt,
    secrets,
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(incomplete ? { incomplete } : {}),
    startFailed: exit2,
  });
}

interface ServerCase {
  planned: PlannedCase;
  rule?: ActionRule;
}

/** An upstream failure the mock produces by breaking the connection (reset) or never answering (timeout). */
function connectionFault(c: Contract, fault: "reset" | "timeout"): PlannedCase {
  return { case: { id: `${c.operationId}~fault~${fault}`, operationId: c.operationId, variant: "conforming", body: "", seed: 0, index: 0, goals: [] }, status: 0, contentType: null, fault };
}

/**
 * Cases of one operation: every action `runs` times (at least once), unknown actions, upstream
 * faults. The upstream timeout (Authlete never answers) costs one server-side timeout, so it runs
 * for the first driven operation only.
 */
function planServer(c: Contract, opts: ServerRunOptions, withTimeout: boolean): ServerCase[] {
  const seed = operationSeed(opts.seed, c.operationId);
  const per = Math.max(1, Math.ceil(opts.runs / Math.max(1, c.actions.length)));
  const ok = (k: Case): PlannedCase => ({ case: k, status: c.response.status, contentType: c.response.contentType });
  const out: ServerCase[] = [];
  for (const rule of c.actions) for (const k of bodiesFor(c, rule.value, seed, per)) out.push({ planned: ok(headerSafe(c, k, rule)), rule });
  for (const k of randomCases(c, { seed, count: Math.max(1, opts.variantRuns), variant: "unknown-action" })) out.push({ planned: ok(headerSafe(c, k)) });
  for (const f of faultCases(c).filter((f) => f.fault === "status-500" || f.fault === "non-json" || f.fault === "status-400")) out.push({ planned: f });
  out.push({ planned: connectionFault(c, "reset") });
  if (withTimeout) out.push({ planned: connectionFault(c, "timeout") });
  return out;
}

async function observeServer(mock: MockServer, baseUrl: string, e: Endpoint, c: Contract, sc: ServerCase, byId: Map<string, Contract>, timeoutMs: number, secrets: string[], alive: () => boolean): Promise<ServerObservation> {
  mock.reset();
  const { planned, rule } = sc;
  const f = planned.fault;
  mock.setDefault(
    c.operationId,
    f?.startsWith("status")
      ? { fault: { kind: "status", status: planned.status, resultCode: "A001101" } }
      : f === "reset" || f === "timeout"
        ? { fault: { kind: f === "reset" ? "reset" : "hang" } }
        : { status: planned.status, body: planned.case.body, contentType: planned.contentType },
  );
  let followUp: ServerObservation["followUp"];
  const next = rule?.next;
  if (next && !next.later && next.operations.length) {
    // Every API the server may call next answers with a terminal action; the first one is judged.
    for (const [k, id] of next.operations.entries()) {
      const nc = byId.get(id)!;
      const nr = terminalRule(nc);
      if (!nr) continue;
      const nb = bodiesFor(nc, nr.value, 1, 1)[0]!.body;
      mock.setDefault(id, { status: nc.response.status, body: nb, contentType: nc.response.contentType });
      if (k === 0 && !next.optional) followUp = { contract: nc, body: nb, rule: nr };
    }
  }
  const { url, init } = endpointRequest(e, baseUrl);
  let answer: ServerAnswer;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await readCapped(res, MAX_ANSWER_BYTES);
    answer = body === undefined ? { error: `answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB (status ${res.status}); stopped reading` } : { status: res.status, headers: Object.fromEntries([...res.headers].map(([k, v]) => [k.toLowerCase(), v])), body };
  } catch (err) {
    answer = { error: (err as Error).name === "TimeoutError" ? `no answer within ${timeoutMs} ms` : `request failed: ${(err as Error).message}${(err as { cause?: Error }).cause ? ` (${(err as { cause: Error }).cause.message})` : ""}` };
  }
  return { contract: c, case: planned.case, served: { status: planned.status, body: planned.case.body, ...(planned.fault ? { fault: planned.fault } : {}) }, ...(rule ? { rule } : {}), ...(followUp ? { followUp } : {}), answer, requests: mock.takeRequests(), secrets, aliveAfter: alive() };
}
