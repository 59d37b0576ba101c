import { resolve } from "node:path";
import { runServerChecks } from "../checks/run-server-checks.ts";
import type { CheckResult, ServerObservation } from "../checks/observation.ts";
import { loadConfig } from "../config/load.ts";
import { loadProfile } from "../contracts/store.ts";
import { UsageError } from "../errors.ts";
import { redactor } from "../report/redact.ts";
import { CLIENT_SECRET, DEFAULT_ENDPOINTS, mergeEndpoints, routesByOperation } from "../targets/endpoints.ts";
import { ServerStartError } from "../targets/server.ts";
import { RUN_DEFAULTS } from "./options.ts";
import { observeServer, observeTimeouts } from "./server-observe.ts";
import { serverCaseFromId, SERVER_FAULTS, type ServerCase } from "./server-plan.ts";
import { newCredentials, startServerTarget, type ServerRunOptions } from "./server-run.ts";

/** What `conformance replay` was given for a server case (the command line; the config fills the rest). */
export interface ServerReplayArgs {
  config?: string;
  server?: string;
  serverUrl?: string;
  serverCwd?: string;
  profile?: string;
  timeoutMs?: number;
  cwd?: string;
}

export interface ServerReplayed {
  sc: ServerCase;
  observation: ServerObservation;
  results: CheckResult[];
  /** Redacts printed text: the replay's own secrets and the client secret. */
  redact: (text: string) => string;
}

/**
 * The server options of a replay: the server from the command line or the config file, never a
 * command read from a report (a report is data; running what it says would run anything).
 */
export function serverReplayOptions(a: ServerReplayArgs): ServerRunOptions {
  const cwd = a.cwd ?? process.cwd();
  const config = loadConfig(a.config, cwd);
  const server = a.server ?? (a.serverUrl ? undefined : config.server?.command);
  const serverUrl = a.serverUrl ?? (server ? undefined : config.server?.url);
  if (!server && !serverUrl)
    throw new UsageError(
      'replay: a server case needs the server: --server "<command>" or --server-url URL (or "server" in the config file); a command written in a report is never run',
    );
  const serverCwd = a.serverCwd ?? config.server?.cwd;
  return {
    ...RUN_DEFAULTS,
    seed: 0,
    variantRuns: 0,
    profile: a.profile ?? config.profile ?? RUN_DEFAULTS.profile,
    callTimeoutMs: a.timeoutMs ?? config.timeoutMs ?? RUN_DEFAULTS.callTimeoutMs,
    ...(server ? { server } : { serverUrl: serverUrl! }),
    ...(serverCwd ? { serverCwd: resolve(cwd, serverCwd) } : {}),
    ...(config.server?.env ? { serverEnv: config.server.env } : {}),
    ...(config.server?.readyPath ? { readyPath: config.server.readyPath } : {}),
    readyTimeoutMs: config.server?.readyTimeoutMs ?? 20_000,
    ...(config.server?.envNames ? { envNames: config.server.envNames } : {}),
    endpoints: mergeEndpoints(DEFAULT_ENDPOINTS, config.server?.endpoints ?? []),
    ...(config.checks ? { checks: config.checks } : {}),
  };
}

/** True when the config file (the named one, or the default one when present) describes a server and no SDK. */
export function configNamesServer(file: string | undefined, cwd = process.cwd()): boolean {
  const c = loadConfig(file, cwd);
  return !c.sdk && !!(c.server?.command || c.server?.url);
}

/** Re-runs exactly one server case (action, body, fault, route, follow-up answers) and checks it again. */
export async function replayServerCase(opts: ServerRunOptions, id: string): Promise<ServerReplayed> {
  const profile = loadProfile(opts.profile);
  const found = serverCaseFromId(id, profile.byId);
  if (typeof found === "string") throw new UsageError(`replay: ${found}`);
  const { contract, sc } = found;
  const e = sc.probe
    ? undefined
    : routesByOperation(opts.endpoints ?? DEFAULT_ENDPOINTS).get(contract.operationId)?.[sc.route];
  if (!sc.probe && !e)
    throw new UsageError(
      `replay: ${contract.operationId} has no route ${sc.route} in the endpoint map (check --config)`,
    );
  const credentials = newCredentials();
  let parts;
  try {
    parts = await startServerTarget(opts, credentials);
  } catch (err) {
    if (err instanceof ServerStartError) throw new UsageError(`replay: ${err.message}`);
    throw err;
  }
  try {
    const ctx = parts.ctx(parts.server);
    const observation =
      sc.planned.fault === "timeout"
        ? (await observeTimeouts(ctx, [{ e: e!, c: contract, sc }]))[0]!
        : await observeServer(ctx, e, contract, sc);
    return {
      sc,
      observation,
      results: runServerChecks(observation, opts.checks ? { severity: opts.checks } : {}),
      redact: redactor([...ctx.secrets, CLIENT_SECRET]),
    };
  } finally {
    await parts.stop();
  }
}

const clip = (text: string, full: boolean) =>
  full || text.length <= 2000 ? text : `${text.slice(0, 2000)}… (${text.length} bytes; --full prints all)`;
const headerLines = (h: Record<string, string>) => Object.entries(h).map(([k, v]) => `  ${k}: ${v}`);

/** What a server replay prints: the client request, the answer, the Authlete calls, the server's log, every verdict. */
export function formatServerReplay(r: ServerReplayed, full = false): string[] {
  const o = r.observation;
  const out: string[] = [];
  const served = o.served.fault
    ? `fault ${o.served.fault} (${SERVER_FAULTS.find((f) => f.kind === o.served.fault)?.status || "no answer"})`
    : o.case.variant === "unknown-action"
      ? `unknown action ${o.case.action ?? ""}`
      : `action ${o.case.action ?? "(none)"}`;
  out.push(
    `case ${r.sc.id} · ${o.contract.operationId} · ${o.probe ? `public route ${o.probe}` : served}${r.sc.route ? ` · route ${r.sc.route}` : ""}${r.sc.then !== undefined ? ` · follow-ups answer ${r.sc.then === "unknown" ? "an unknown action" : `action #${r.sc.then}`}` : ""}`,
  );
  const step = (label: string, req: NonNullable<ServerObservation["client"]>, answer: ServerObservation["answer"]) => {
    out.push(
      `${label}: ${req.method} ${req.url}`,
      ...headerLines(req.headers),
      ...(req.body ? [`  ${clip(req.body, full)}`] : []),
    );
    if ("error" in answer) out.push(`answer: none (${answer.error})`);
    else
      out.push(
        `answer: ${answer.status}`,
        ...headerLines(answer.headers),
        ...(answer.body ? [`  ${clip(answer.body, full)}`] : []),
      );
  };
  if (!o.probe && !o.served.fault)
    out.push(`Authlete answered ${o.contract.operationId} with:`, `  ${clip(o.served.body, full)}`);
  if (o.client) step("client request", o.client, o.answer);
  if (o.completion) step("completion", o.completion.request, o.completion.answer);
  if (o.followUp) out.push(`follow-up ${o.followUp.contract.operationId} answered: ${clip(o.followUp.body, full)}`);
  for (const q of o.requests)
    out.push(
      `Authlete call: ${q.method} ${q.path}${q.operationId ? ` (${q.operationId})` : ""}${q.problems.length ? ` — ${q.problems.join("; ")}` : ""}`,
      ...(q.body ? [`  ${clip(q.body, full)}`] : []),
    );
  if (!o.requests.length) out.push("Authlete call: none");
  out.push(
    ...(o.log?.length
      ? ["server log:", ...o.log.map((l) => `  ${l}`)]
      : ["server log: (nothing printed during the case)"]),
  );
  for (const res of r.results)
    out.push(
      `${res.status.toUpperCase().padEnd(5)} ${res.check}${res.message ? `: ${res.message.replace(/\n/g, " · ")}` : ""}`,
    );
  return out.map(r.redact);
}
