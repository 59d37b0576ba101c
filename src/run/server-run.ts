import { randomBytes, randomInt } from "node:crypto";
import { runServerChecks } from "../checks/run-server-checks.ts";
import type { Secret, ServerObservation } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import { loadProfile, selectOperations } from "../contracts/store.ts";
import { startMock, type MockServer } from "../mock/server.ts";
import type { Report } from "../report/model.ts";
import { chain, redactor, type Redactor } from "../report/redact.ts";
import { dpopKey, dpopProof } from "../targets/dpop.ts";
import { CLIENT_SECRET, DEFAULT_ENDPOINTS, routesByOperation, type Endpoint } from "../targets/endpoints.ts";
import { launchServer, ServerStartError, type RunningServer, type ServerEnvNames } from "../targets/server.ts";
import { replayCommand, type Invocation } from "./replay-command.ts";
import { Collector, toReport } from "./collect.ts";
import type { RunEvent, RunOptions } from "./options.ts";
import { shardOf } from "./plan.ts";
import { observeServer, observeTimeouts, type ObserveContext } from "./server-observe.ts";
import { planRoute, probeCases, probeContract, timeoutCase, type ServerCase } from "./server-plan.ts";

export interface ServerRunOptions extends Omit<RunOptions, "sdk" | "sdkCwd" | "sdkEnv" | "concurrency"> {
  /** Command that starts the server (`{port}` is filled in), or undefined with `serverUrl`. */
  server?: string;
  serverUrl?: string;
  serverCwd?: string;
  /** Extra environment of the server command (config `server.env`). */
  serverEnv?: Record<string, string>;
  readyPath?: string;
  readyTimeoutMs?: number;
  envNames?: Partial<ServerEnvNames>;
  endpoints?: Endpoint[];
  /** How the run was started, for the replay commands it prints (as the user wrote them). */
  invocation?: Invocation;
  /** Cases per action instead of `runs` shared among an operation's actions (the benchmark's profile). */
  runsPerAction?: number;
  /** Extra redaction for the server's log lines (the run's configured patterns). */
  redactLog?: (line: string) => string;
}

/** Restarts after the server died, before the run gives up on it. */
const MAX_RESTARTS = 30;

/** The run's secrets and the values that must not be disclosed, from the credentials it hands out. */
export function runSecrets(
  credentials: { serviceId: string; accessToken: string; apiSecret: string },
  mockUrl: string,
): { secrets: string[]; disclosures: Secret[] } {
  return {
    secrets: [credentials.accessToken, credentials.apiSecret],
    disclosures: [
      { what: "the client secret the kit sent", values: [CLIENT_SECRET] },
      { what: "the service ID with the Authlete base URL", values: [credentials.serviceId, new URL(mockUrl).host] },
    ],
  };
}

export const newCredentials = () => ({
  serviceId: String(randomInt(1_000_000, 9_999_999)),
  accessToken: randomBytes(18).toString("base64url"),
  apiSecret: randomBytes(18).toString("base64url"),
});

/** Starts the mock and (unless given a URL) the server; both stop with `stop()`. */
export async function startServerTarget(
  opts: ServerRunOptions,
  credentials: ReturnType<typeof newCredentials>,
  hooks: { redact?: Redactor; signal?: AbortSignal } = {},
): Promise<{
  mock: MockServer;
  server?: RunningServer;
  start: () => Promise<RunningServer>;
  stop: () => Promise<void>;
  ctx: (server?: RunningServer) => ObserveContext;
}> {
  const profile = loadProfile(opts.profile);
  const mock = await startMock({
    contracts: profile.contracts,
    credentials: { accessToken: credentials.accessToken, serviceId: credentials.serviceId },
    enforceAuth: false,
  });
  // What the server prints is redacted where it enters the kit (before it is cut); start-up is interruptible.
  const launchRedact = chain(redactor([credentials.accessToken, credentials.apiSecret, CLIENT_SECRET]), hooks.redact);
  const start = () =>
    launchServer({
      command: opts.server!,
      mockUrl: mock.url,
      credentials,
      ...(opts.serverCwd ? { cwd: opts.serverCwd } : {}),
      ...(opts.serverEnv ? { env: opts.serverEnv } : {}),
      ...(opts.readyPath ? { readyPath: opts.readyPath } : {}),
      ...(opts.readyTimeoutMs ? { readyTimeoutMs: opts.readyTimeoutMs } : {}),
      ...(opts.envNames ? { envNames: opts.envNames } : {}),
      redact: launchRedact,
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
  let server: RunningServer | undefined;
  try {
    if (opts.server) server = await start();
  } catch (e) {
    await mock.close();
    throw e;
  }
  const { secrets, disclosures } = runSecrets(credentials, mock.url);
  const redact = redactor([...secrets, CLIENT_SECRET]);
  const key = dpopKey();
  const ctx = (s?: RunningServer): ObserveContext => ({
    mock,
    baseUrl: s?.url ?? (opts.serverUrl ?? "").replace(/\/$/, ""),
    byId: profile.byId,
    timeoutMs: opts.callTimeoutMs,
    secrets,
    disclosures,
    proof: (htm, url, at) => dpopProof(key, htm, url, at),
    ...(s ? { server: s } : {}),
    alivePath: opts.readyPath ?? "/",
    redact: (l) => (opts.redactLog ?? ((x: string) => x))(redact(l)),
  });
  return {
    mock,
    ...(server ? { server } : {}),
    start,
    ctx,
    stop: async () => void (await Promise.allSettled([server?.stop(), mock.close()])),
  };
}

/**
 * One server run: for every mapped route and every documented action, the mock answers the
 * server's Authlete call with that action (and scripts follow-up APIs), the kit sends the server
 * the client request that triggers it (and completes a user page when one is shown), and the
 * server checks judge the answer. Upstream faults hit every route; public routes are probed.
 */
export async function runServer(
  opts: ServerRunOptions,
  hooks: { kitVersion: string; signal?: AbortSignal; onEvent?: (e: RunEvent) => void; redact?: Redactor },
): Promise<Report> {
  const profile = loadProfile(opts.profile);
  const selected = selectOperations(profile, opts.operations);
  const contracts = shardOf(selected, opts.shard);
  const routes = routesByOperation(opts.endpoints ?? DEFAULT_ENDPOINTS);
  const target = opts.server ?? opts.serverUrl!;
  const invocation: Invocation = opts.invocation ?? {
    ...(opts.server ? { server: opts.server } : { serverUrl: opts.serverUrl! }),
    ...(opts.serverCwd ? { serverCwd: opts.serverCwd } : {}),
    profile: opts.profile,
  };
  const collector = new Collector((id) => replayCommand(id, invocation));
  const credentials = newCredentials();
  const startedAt = new Date().toISOString();
  let parts: Awaited<ReturnType<typeof startServerTarget>> | undefined;
  let server: RunningServer | undefined;
  let incomplete: string | undefined;
  let exit2 = false;
  let secrets = [credentials.accessToken, credentials.apiSecret];
  const probes = !opts.shard || opts.shard.index === 1;
  const probeC = probeContract(opts.profile);
  // An interrupt stops the server at once (a case in flight then fails and is dropped).
  const interrupt = () => void server?.stop();
  hooks.signal?.addEventListener("abort", interrupt, { once: true });
  try {
    parts = await startServerTarget(opts, credentials, {
      ...(hooks.redact ? { redact: hooks.redact } : {}),
      ...(hooks.signal ? { signal: hooks.signal } : {}),
    });
    server = parts.server;
    secrets = parts.ctx(server).secrets;
    let restarts = 0;
    const ensureAlive = async () => {
      if (!server || server.alive()) return;
      if (restarts++ >= MAX_RESTARTS) throw new ServerStartError(`the server died ${restarts} times; giving up`);
      await server.stop();
      server = await parts!.start();
    };
    // Cases run one after another: the time since the last one recorded is this one's.
    let last = performance.now();
    const record = (c: Contract, sc: ServerCase, o: ServerObservation) => {
      if (hooks.signal?.aborted) return; // the case in flight saw its server stopped: dropped, not judged
      const results = runServerChecks(o, opts.checks ? { severity: opts.checks } : {});
      const now = performance.now();
      collector.add(c, { ...sc.planned, case: { ...sc.planned.case, id: sc.id } }, results, {
        ...(o.log ? { log: o.log } : {}),
        ms: now - last,
      });
      last = now;
      hooks.onEvent?.({ type: "case", operationId: c.operationId, failures: collector.distinctFailures });
    };
    // APIs a mapped route calls as its follow-up are exercised through that route.
    const followUpOf = new Map<string, string>();
    for (const id of routes.keys())
      for (const r of profile.byId.get(id)?.actions ?? [])
        for (const n of r.next?.operations ?? []) followUpOf.set(n, id);
    const driven = (c: Contract) =>
      routes.has(c.operationId) && c.actions.length > 0 && !routes.get(c.operationId)!.every((e) => e.unsupported);
    const runOpts = {
      seed: opts.seed,
      runs: opts.runs,
      variantRuns: opts.variantRuns,
      ...(opts.runsPerAction ? { runsPerAction: opts.runsPerAction } : {}),
    };
    const plans = new Map(
      contracts
        .filter(driven)
        .map((c) => [
          c.operationId,
          routes
            .get(c.operationId)!
            .flatMap((e, k) =>
              e.unsupported ? [] : planRoute(c, e, k, runOpts, profile.byId).map((sc) => ({ e, sc })),
            ),
        ]),
    );
    const timeouts = contracts
      .filter(driven)
      .flatMap((c) =>
        routes.get(c.operationId)!.flatMap((e, k) => (e.unsupported ? [] : [{ e, c, sc: timeoutCase(c, k) }])),
      );
    const total =
      [...plans.values()].reduce((n, p) => n + p.length, 0) + timeouts.length + (probes ? probeCases().length : 0);
    hooks.onEvent?.({ type: "started", operations: contracts.length, cases: total, seed: opts.seed });
    if (probes) {
      for (const sc of probeCases()) {
        await ensureAlive();
        record(probeC, sc, await observeServer(parts.ctx(server), undefined, probeC, sc));
      }
      collector.finishOperation(probeC);
    }
    for (const c of contracts) {
      if (hooks.signal?.aborted) break;
      const rs = routes.get(c.operationId);
      if (!driven(c)) {
        const via = followUpOf.get(c.operationId);
        collector.operation(
          c,
          !c.actions.length
            ? "no action to drive (a management API)"
            : rs?.every((e) => e.unsupported)
              ? "the server does not implement it (unsupported in the endpoint map)"
              : via
                ? `reached as the follow-up call of ${via}`
                : "no server route in the endpoint map",
        );
        continue;
      }
      const before = collector.count("fail");
      for (const { e, sc } of plans.get(c.operationId)!) {
        if (hooks.signal?.aborted) break;
        await ensureAlive();
        record(c, sc, await observeServer(parts.ctx(server), e, c, sc));
      }
      hooks.onEvent?.({
        type: "operation",
        operationId: c.operationId,
        cases: collector.operation(c).cases,
        failures: collector.count("fail") - before,
      });
    }
    if (!hooks.signal?.aborted && timeouts.length) {
      await ensureAlive();
      const obs = await observeTimeouts(parts.ctx(server), timeouts);
      obs.forEach((o, k) => record(timeouts[k]!.c, timeouts[k]!.sc, o));
    }
    for (const c of contracts) if (plans.has(c.operationId)) collector.finishOperation(c);
    if (hooks.signal?.aborted) incomplete = "interrupted";
  } catch (e) {
    if (!(e instanceof ServerStartError)) throw e;
    incomplete = hooks.signal?.aborted ? "interrupted while the server was starting" : e.message;
    exit2 = collector.cases === 0 && !hooks.signal?.aborted;
  } finally {
    hooks.signal?.removeEventListener("abort", interrupt);
    await server?.stop();
    await parts?.stop();
  }
  return toReport(collector, probes ? [probeC, ...contracts] : contracts, {
    kitVersion: hooks.kitVersion,
    profile: opts.profile,
    seed: opts.seed,
    runs: opts.runs,
    strict: opts.strict,
    target: { kind: "server", spec: target },
    startedAt,
    secrets: [...secrets, CLIENT_SECRET],
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(incomplete ? { incomplete } : {}),
    startFailed: exit2,
  });
}
