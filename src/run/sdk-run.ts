import { randomBytes, randomInt } from "node:crypto";
import type { CheckResult, SdkObservation } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import { loadProfile, selectOperations } from "../contracts/store.ts";
import type { PlannedCase } from "../generate/case.ts";
import type { Report } from "../report/model.ts";
import { chain, redactor, type Redactor } from "../report/redact.ts";
import { Collector, toReport } from "./collect.ts";
import type { RunEvent, RunOptions } from "./options.ts";
import { planOperation, plannedCount, shardOf } from "./plan.ts";
import { parseCaseId } from "../generate/id.ts";
import { shrinkCase } from "../generate/shrink.ts";
import { actionLabel, fingerprintOf } from "./fingerprint.ts";
import type { AdapterPort, CallParameters, Credentials, Handshake, MockPort, RunParts } from "./ports.ts";

/** A target that could not be started or handshaken: exit code 2, with a partial report. */
export class TargetStartError extends Error {
  override name = "TargetStartError";
}

export interface SdkRunHooks {
  checks(obs: SdkObservation): CheckResult[];
  onEvent?(e: RunEvent): void;
  signal?: AbortSignal;
  kitVersion: string;
  /** The run's redactor (environment secrets, configured patterns); lanes add their credentials. */
  redact?: Redactor;
}

export interface Lane {
  credentials: Credentials;
  mock: MockPort;
  adapter: AdapterPort;
  handshake: Handshake;
  /** The call parameters of an operation, built once per lane (they depend on its credentials). */
  requestFor(contract: Contract): CallParameters;
}

const freshCredentials = (): Credentials => ({ serviceId: String(randomInt(1_000_000, 9_999_999)), accessToken: randomBytes(18).toString("base64url") });

/**
 * One SDK run: plans every operation's cases, serves each through the mock to the adapter, checks
 * what came back and folds the results into a report. Lanes (each a mock + adapter pair) run in
 * parallel; within a lane cases run one at a time, so each call's requests are its own.
 */
export async function runSdk(opts: RunOptions, parts: RunParts, hooks: SdkRunHooks): Promise<Report> {
  const profile = loadProfile(opts.profile);
  const contracts = shardOf(selectOperations(profile, opts.operations), opts.shard);
  const replay = (id: string) => `npx conformance replay ${id} --sdk ${JSON.stringify(opts.sdk)}${opts.profile !== "authlete-3.0.16" ? ` --profile ${opts.profile}` : ""}`;
  const collector = new Collector(replay);
  const startedAt = new Date().toISOString();
  const lanes: Lane[] = [];
  let handshake: Handshake | undefined;
  let incomplete: string | undefined;
  let exitOverride: 2 | undefined;
  // An interrupt stops every adapter at once, one being started included: the call in flight
  // ends, its observation is dropped, and the run reports what it judged before.
  const opened: AdapterPort[] = [];
  const interrupt = () => opened.forEach((a) => void a.stop());
  hooks.signal?.addEventListener("abort", interrupt, { once: true });
  try {
    const laneCount = Math.max(1, Math.min(opts.concurrency, contracts.length));
    // Lanes start side by side (an adapter may take seconds to start); one that fails fails the run.
    const started = await Promise.allSettled(Array.from({ length: laneCount }, () => openLane(parts, hooks.redact, opened)));
    for (const s of started) if (s.status === "fulfilled") lanes.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    if (hooks.signal?.aborted) throw new TargetStartError("interrupted");
    handshake = lanes[0]!.handshake;
    const unsupported = new Set(handshake.unsupported ?? []);
    const queue = [...contracts];
    const shrinkBudget = { spent: 0 };
    const total = contracts.filter((c) => !unsupported.has(c.operationId)).reduce((n, c) => n + plannedCount(c, opts), 0);
    hooks.onEvent?.({ type: "started", operations: contracts.length, cases: total, seed: opts.seed });
    await Promise.all(
      lanes.map(async (lane) => {
        for (let c = queue.shift(); c; c = queue.shift()) {
          if (hooks.signal?.aborted) return;
          if (unsupported.has(c.operationId)) {
            collector.operation(c, "declared unsupported by the SDK adapter");
            continue;
          }
          const before = collector.count("fail");
          let shrinks = 0;
          let first = true;
          for (const planned of planOperation(c, opts)) {
            if (hooks.signal?.aborted) return;
            const obs = await observe(lane, c, planned, opts);
            if (hooks.signal?.aborted) return;
            // An adapter that answers "unsupported" to the first case (rather than listing the
            // operation in its handshake) does not implement it: reported, not run case by case.
            if (first && obs.outcome.kind === "unsupported") {
              collector.operation(c, `the SDK adapter answered unsupported${obs.outcome.message ? `: ${obs.outcome.message}` : ""}`);
              break;
            }
            first = false;
            const fresh = collector.add(c, planned, hooks.checks(obs));
            hooks.onEvent?.({ type: "case", operationId: c.operationId, failures: collector.distinctFailures });
            for (const fp of fresh) {
              if (shrinks >= MAX_SHRINKS_PER_OPERATION || shrinkBudget.spent >= SHRINK_BUDGET_MS) break;
              const t0 = Date.now();
              if (await shrinkFailure(lane, c, planned, fp, collector, opts, hooks)) shrinks++;
              shrinkBudget.spent += Date.now() - t0;
            }
          }
          if (!collector.operation(c).unsupported) collector.finishOperation(c);
          hooks.onEvent?.({ type: "operation", operationId: c.operationId, cases: collector.operation(c).cases, failures: collector.count("fail") - before });
        }
      }),
    );
    if (hooks.signal?.aborted) incomplete = "interrupted";
  } catch (e) {
    if (!(e instanceof TargetStartError)) throw e;
    if (hooks.signal?.aborted) incomplete = "interrupted while the SDK adapter was starting";
    else (incomplete = e.message), (exitOverride = 2);
  } finally {
    hooks.signal?.removeEventListener("abort", interrupt);
    await Promise.allSettled(lanes.flatMap((l) => [l.adapter.stop(), l.mock.close()]));
  }
  return toReport(collector, contracts, {
    kitVersion: hooks.kitVersion,
    profile: opts.profile,
    seed: opts.seed,
    runs: opts.runs,
    strict: opts.strict,
    target: { kind: "sdk", spec: opts.sdk, ...(handshake ? { handshake } : {}) },
    startedAt,
    secrets: lanes.map((l) => l.credentials.accessToken),
    ...(opts.shard ? { shard: opts.shard } : {}),
    ...(incomplete ? { incomplete } : {}),
    startFailed: exitOverride === 2,
  });
}

const MAX_SHRINKS_PER_OPERATION = 3;
/** Shrinking makes failures readable but must not dominate a run: a time budget per run. */
const SHRINK_BUDGET_MS = 15_000;
const SHRINK_STEP_MS = 3_000;

/** Shrinks the case of a new failure of a random case to the smallest body that still fails the same way. */
async function shrinkFailure(lane: Lane, c: Contract, planned: PlannedCase, fingerprint: string, collector: Collector, opts: RunOptions, hooks: SdkRunHooks): Promise<boolean> {
  const ref = parseCaseId(planned.case.id);
  const failure = collector.get(fingerprint);
  if (typeof ref === "string" || ref.kind !== "random" || !failure || failure.severity === "error") return false;
  // Shrinking keeps the same failure: same check, operation, action and field (the fingerprint).
  let last: CheckResult | undefined;
  const shrunk = await shrinkCase(c, ref, async (candidate) => {
    if (hooks.signal?.aborted) return false;
    const results = await runCase(lane, c, { ...planned, case: candidate }, opts, hooks);
    const same = results.find((r) => r.status === failure.severity && fingerprintOf(r.check, c.operationId, actionLabel(candidate), r.path) === fingerprint);
    if (same) last = same;
    return same !== undefined;
  }, SHRINK_STEP_MS);
  if (!shrunk || shrunk.steps === 0) return false;
  // The last passing predicate call was on the shrunk case itself.
  collector.shrunk(fingerprint, shrunk.case, shrunk.steps, last);
  return true;
}

/** Opens one lane: a fresh mock with fresh credentials, and a started adapter. */
export async function openLane(parts: RunParts, redact?: Redactor, opened?: AdapterPort[]): Promise<Lane> {
  const credentials = freshCredentials();
  const mock = await parts.startMock(credentials);
  const adapter = parts.openAdapter(chain(redactor([credentials.accessToken]), redact));
  opened?.push(adapter);
  try {
    const handshake = await adapter.start();
    const requests = new Map<string, CallParameters>();
    const requestFor = (c: Contract) => {
      let r = requests.get(c.operationId);
      if (!r) requests.set(c.operationId, (r = parts.buildRequest(c, credentials)));
      return r;
    };
    return { credentials, mock, adapter, handshake, requestFor };
  } catch (e) {
    await Promise.allSettled([adapter.stop(), mock.close()]);
    throw new TargetStartError(`the SDK adapter did not start: ${(e as Error).message}`);
  }
}

export async function runCase(lane: Lane, contract: Contract, planned: PlannedCase, opts: Pick<RunOptions, "callTimeoutMs">, hooks: Pick<SdkRunHooks, "checks">): Promise<CheckResult[]> {
  return hooks.checks(await observe(lane, contract, planned, opts));
}

/** Serves one planned case to the lane's adapter and records what happened. */
export async function observe(lane: Lane, contract: Contract, planned: PlannedCase, opts: Pick<RunOptions, "callTimeoutMs">): Promise<SdkObservation> {
  lane.mock.answer(contract.operationId, { status: planned.status, body: planned.case.body, contentType: planned.contentType });
  const call = () => {
    lane.mock.takeRequests();
    return lane.adapter.call({ id: planned.case.id, operationId: contract.operationId, baseUrl: lane.mock.url, credentials: lane.credentials, request: lane.requestFor(contract) }, opts.callTimeoutMs);
  };
  let outcome = await call();
  // No case injects a transport fault, so one is the environment's (a reused connection closing
  // under load), not the SDK's: try once more before judging.
  if (outcome.kind === "error" && outcome.errorKind === "transport") outcome = await call();
  const obs: SdkObservation = {
    contract,
    case: planned.case,
    served: { status: planned.status, body: planned.case.body, ...(planned.fault ? { fault: planned.fault } : {}) } as SdkObservation["served"],
    outcome,
    traits: lane.handshake.traits,
    requests: lane.mock.takeRequests(),
    credentials: lane.credentials,
  };
  return obs;
}
