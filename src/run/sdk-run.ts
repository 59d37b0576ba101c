import { randomBytes, randomInt } from "node:crypto";
import type { CheckResult, SdkObservation } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import { loadProfile, selectOperations } from "../contracts/store.ts";
import type { PlannedCase } from "../generate/case.ts";
import type { Report } from "../report/model.ts";
import { chain, redactor, type Redactor } from "../report/redact.ts";
import { Collector, toReport } from "./collect.ts";
import { SDK_TIMEOUT_MS, type RunEvent, type RunOptions } from "./options.ts";
import { callTimeout, mockAnswer } from "./fault-serving.ts";
import { faultFamily } from "../model/faults.ts";
import { deviationCount, planOperation, plannedCount, shardOf } from "./plan.ts";
import type { Case } from "../generate/case.ts";
import { deriveCase, protectedPointers } from "../generate/cases.ts";
import { leafUnits } from "../generate/derive.ts";
import { unsupportedParameters } from "../generate/request.ts";
import { specSchema } from "../generate/spec-schema.ts";
import { parseLossless } from "../json/lossless.ts";
import { fieldOf } from "../report/causes.ts";
import { bodyNodes, within } from "../schema/body.ts";
import { IsolationBudget, isolateEntry } from "./isolate.ts";
import { replayCommand } from "./replay-command.ts";
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
  /** The call parameters of a case (they depend on the lane's credentials and the case id). */
  requestFor(contract: Contract, caseId: string): CallParameters;
}

const freshCredentials = (): Credentials => ({
  serviceId: String(randomInt(1_000_000, 9_999_999)),
  accessToken: randomBytes(18).toString("base64url"),
});

/**
 * One SDK run: plans every operation's cases, serves each through the mock to the adapter, checks
 * what came back and folds the results into a report. Lanes (each a mock + adapter pair) run in
 * parallel; within a lane cases run one at a time, so each call's requests are its own.
 */
export async function runSdk(opts: RunOptions, parts: RunParts, hooks: SdkRunHooks): Promise<Report> {
  const profile = loadProfile(opts.profile);
  const contracts = shardOf(selectOperations(profile, opts.operations), opts.shard);
  const invocation = opts.invocation ?? {
    sdk: opts.sdk,
    ...(opts.sdkCwd ? { sdkCwd: opts.sdkCwd } : {}),
    sdkEnvNames: Object.keys(opts.sdkEnv ?? {}),
    profile: opts.profile,
  };
  const collector = new Collector((id) => replayCommand(id, invocation));
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
    const started = await Promise.allSettled(
      Array.from({ length: laneCount }, () => openLane(parts, hooks.redact, opened)),
    );
    for (const s of started) if (s.status === "fulfilled") lanes.push(s.value);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) throw failed.reason;
    if (hooks.signal?.aborted) throw new TargetStartError("interrupted");
    handshake = lanes[0]!.handshake;
    const unsupported = new Set(handshake.unsupported ?? []);
    const queue = [...contracts];
    const budget = new IsolationBudget(
      opts.discipline === false ? 0 : ISOLATION_CALLS_PER_OPERATION,
      Date.now() + ISOLATION_TIME_CAP_MS,
    );
    const total = contracts
      .filter((c) => !unsupported.has(c.operationId))
      .reduce((n, c) => n + plannedCount(c, opts) + (opts.discipline === false ? 0 : deviationCount(c, opts)), 0);
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
          await runOperation(new OperationRun(lane, c, opts, hooks, collector, budget.forOperation()));
          const op = collector.operation(c);
          if (!op.unsupported) {
            collector.finishOperation(c);
            const cannot = unsupportedParameters(handshake!.unsupportedParameters, c.operationId);
            if (cannot.length) op.unsupportedParameters = cannot;
          }
          hooks.onEvent?.({
            type: "operation",
            operationId: c.operationId,
            cases: collector.operation(c).cases,
            failures: collector.count("fail") - before,
          });
        }
      }),
    );
    if (hooks.signal?.aborted) incomplete = "interrupted";
  } catch (e) {
    if (!(e instanceof TargetStartError)) throw e;
    if (hooks.signal?.aborted) incomplete = "interrupted while the SDK adapter was starting";
    else {
      incomplete = e.message;
      exitOverride = 2;
    }
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

/**
 * Isolating causes makes them readable but must not dominate a run: target calls per operation
 * (the same results on any machine and in every shard), and a wall-clock cap as a safety net.
 */
const ISOLATION_CALLS_PER_OPERATION = 1_500;
const ISOLATION_TIME_CAP_MS = 60_000;
/** Extra cases one operation may spend on splitting failing coverage bodies. */
const MAX_SPLIT_CASES = 128;

/** The state of one operation's cases on one lane. */
class OperationRun {
  /** Actions ("" for none) whose minimal body did not decode: their failures are not split further. */
  readonly minimalFailed = new Set<string>();
  /**
   * Fields (array indices as `*`) and named types (`type:scope`) isolation found to make decoding
   * fail in this operation: a later body holding them is split around them. Per operation, so an
   * operation's cases are the same whatever ran before it (lanes, shards).
   */
  readonly culprits = new Set<string>();
  /**
   * What the target did with each coverage body of this operation, by wire text: a wrong-type
   * case's control is a coverage body, judged once, not served again.
   */
  readonly coverageSeen = new Map<string, NonNullable<SdkObservation["control"]>>();
  splits = 0;
  constructor(
    readonly lane: Lane,
    readonly contract: Contract,
    readonly opts: RunOptions,
    readonly hooks: SdkRunHooks,
    readonly collector: Collector,
    readonly budget: IsolationBudget,
  ) {}

  /** Runs a case through the target without recording it: its control first, when it is a deviation. */
  async check(c: Case): Promise<CheckResult[]> {
    const control = controlOf(this.contract, c);
    const controlObs = control
      ? await observe(this.lane, this.contract, { ...served(this.contract, control) }, this.opts)
      : undefined;
    const planned = served(this.contract, c);
    return this.hooks.checks(
      await observe(
        this.lane,
        this.contract,
        planned,
        this.opts,
        controlObs && { caseId: control!.id, outcome: controlObs.outcome },
      ),
    );
  }

  /** Serves, checks and records one planned case (its control first), isolating new entries. */
  async play(planned: PlannedCase): Promise<SdkObservation> {
    let control: SdkObservation["control"];
    const controlCase =
      planned.fault || this.opts.discipline === false ? undefined : controlOf(this.contract, planned.case);
    if (controlCase) {
      control = this.coverageSeen.get(controlCase.body);
      if (!control) {
        const cp = served(this.contract, controlCase);
        const t0 = performance.now();
        control = {
          caseId: controlCase.id,
          outcome: (await this.record(cp, await observe(this.lane, this.contract, cp, this.opts), t0)).outcome,
        };
      }
    }
    const t0 = performance.now();
    return this.record(planned, await observe(this.lane, this.contract, planned, this.opts, control), t0);
  }

  private async record(planned: PlannedCase, obs: SdkObservation, t0: number): Promise<SdkObservation> {
    // Interrupted: the case in flight saw its target stopped; it is dropped, not judged.
    if (this.hooks.signal?.aborted) return obs;
    // "Unsupported" to an operation's first case: the operation is reported as such, not run (runOperation).
    if (obs.outcome.kind === "unsupported" && !this.collector.operations.has(this.contract.operationId)) return obs;
    const fresh = this.collector.add(this.contract, planned, this.hooks.checks(obs), { ms: performance.now() - t0 });
    if (planned.role === "coverage" && !planned.fault)
      this.coverageSeen.set(planned.case.body, { caseId: planned.case.id, outcome: obs.outcome });
    this.hooks.onEvent?.({
      type: "case",
      operationId: this.contract.operationId,
      failures: this.collector.distinctFailures,
    });
    for (const fp of fresh) {
      const found = await isolateEntry(fp, planned, {
        contract: this.contract,
        collector: this.collector,
        budget: this.budget,
        run: (c) => this.check(c),
      });
      // What the target said, pinned to a field: a later body holding it is split around it.
      if (found && this.collector.get(fp)?.path === undefined)
        for (const c of found) this.culprits.add(c.type ? `type:${c.type}` : fieldOf(c.path));
    }
    return obs;
  }
}

/**
 * One operation's cases. A coverage body that fails to decode (while its action's minimal body
 * decodes) is split in halves of its optional properties, recursively, so one bad property does
 * not hide the verdicts on the others.
 */
async function runOperation(op: OperationRun): Promise<void> {
  let first = true;
  for (const planned of planOperation(op.contract, op.opts)) {
    if (op.hooks.signal?.aborted) return;
    const obs = await op.play(planned);
    // An adapter that answers "unsupported" to the first case (rather than listing the operation
    // in its handshake) does not implement it: reported, not run case by case.
    if (first && obs.outcome.kind === "unsupported") {
      op.collector.operation(
        op.contract,
        `the SDK adapter answered unsupported${obs.outcome.message ? `: ${obs.outcome.message}` : ""}`,
      );
      return;
    }
    first = false;
    if (planned.role === "minimal" && obs.outcome.kind !== "decoded") op.minimalFailed.add(planned.case.action ?? "");
    await splitFailing(op, planned, obs);
  }
}

async function splitFailing(
  op: OperationRun,
  planned: PlannedCase,
  obs: SdkObservation,
  setAside = true,
): Promise<void> {
  if (
    planned.role !== "coverage" ||
    obs.outcome.kind === "decoded" ||
    obs.outcome.kind === "unsupported" ||
    op.opts.discipline === false
  )
    return;
  if (op.minimalFailed.has("") || op.minimalFailed.has(planned.case.action ?? "")) return;
  if (setAside && op.splits < MAX_SPLIT_CASES) {
    // Known culprits first: the body without them usually decodes, and one case gives every
    // other property its verdict; only what still fails is split further.
    const root = specSchema(op.contract)!;
    const body = parseLossless(planned.case.body);
    const typed = bodyNodes(root, body)
      .filter((n) => n.ref && op.culprits.has(`type:${n.ref}`))
      .map((n) => n.ptr);
    const isCulprit = (u: string) =>
      typed.some((t) => within(t, u) || within(u, t)) ||
      [...op.culprits].some((c) => within(c, fieldOf(u)) || within(fieldOf(u), c));
    const known = leafUnits(root, body, protectedPointers(planned.case)).flatMap((u, i) => (isCulprit(u) ? [i] : []));
    const rest = known.length ? deriveCase(op.contract, planned.case, { kind: "drop", units: known }) : undefined;
    if (rest && typeof rest !== "string") {
      op.splits++;
      const sub: PlannedCase = { ...planned, case: rest };
      return splitFailing(op, sub, await op.play(sub), false);
    }
  }
  for (const bits of ["0", "1"]) {
    if (op.splits >= MAX_SPLIT_CASES || op.hooks.signal?.aborted) return;
    const half = deriveCase(op.contract, planned.case, { kind: "split", bits });
    if (typeof half === "string") return; // one property left: it is the culprit
    op.splits++;
    const sub: PlannedCase = { ...planned, case: half };
    await splitFailing(op, sub, await op.play(sub), false);
  }
}

const served = (contract: Contract, c: Case): PlannedCase => ({
  case: c,
  status: contract.response.status,
  contentType: contract.response.contentType,
});

/** The control of a deviation case (undefined for conforming cases). */
export function controlOf(contract: Contract, c: Case): Case | undefined {
  if (c.variant === "conforming" || !c.deviation) return undefined;
  const control = deriveCase(contract, c, { kind: "control" });
  return typeof control === "string" ? undefined : control;
}

/** Opens one lane: a fresh mock with fresh credentials, and a started adapter. */
export async function openLane(parts: RunParts, redact?: Redactor, opened?: AdapterPort[]): Promise<Lane> {
  const credentials = freshCredentials();
  const mock = await parts.startMock(credentials);
  const adapter = parts.openAdapter(chain(redactor([credentials.accessToken]), redact));
  opened?.push(adapter);
  try {
    const handshake = await adapter.start();
    const requestFor = (c: Contract, caseId: string) =>
      parts.buildRequest(c, credentials, caseId, unsupportedParameters(handshake.unsupportedParameters, c.operationId));
    return { credentials, mock, adapter, handshake, requestFor };
  } catch (e) {
    await Promise.allSettled([adapter.stop(), mock.close()]);
    throw new TargetStartError(`the SDK adapter did not start: ${(e as Error).message}`);
  }
}

export async function runCase(
  lane: Lane,
  contract: Contract,
  planned: PlannedCase,
  opts: Pick<RunOptions, "callTimeoutMs" | "sdkTimeoutMs">,
  hooks: Pick<SdkRunHooks, "checks">,
): Promise<CheckResult[]> {
  return hooks.checks(await observe(lane, contract, planned, opts));
}

/** Serves one planned case to the lane's adapter and records what happened (with its control's outcome, for a deviation). */
export async function observe(
  lane: Lane,
  contract: Contract,
  planned: PlannedCase,
  opts: Pick<RunOptions, "callTimeoutMs" | "sdkTimeoutMs">,
  control?: SdkObservation["control"],
): Promise<SdkObservation> {
  const request = lane.requestFor(contract, planned.case.id);
  const sdkTimeoutMs = opts.sdkTimeoutMs ?? SDK_TIMEOUT_MS;
  const sdkTimeout = { ms: sdkTimeoutMs, configured: lane.handshake.timeout === "configured" };
  const family = planned.fault ? faultFamily(planned.fault) : undefined;
  const base = {
    contract,
    case: planned.case,
    served: { status: planned.status, body: planned.case.body, ...(planned.fault ? { fault: planned.fault } : {}) },
    traits: lane.handshake.traits,
    credentials: lane.credentials,
    asked: request,
    sdkTimeout,
    ...(control ? { control } : {}),
  };
  // An SDK that takes no timeout would wait for ever on these: they are not served, and the check says why.
  if (family === "timing" && !sdkTimeout.configured)
    return {
      ...base,
      outcome: { kind: "unsupported", message: "not served: the adapter says its SDK takes no timeout" },
      requests: [],
    };
  lane.mock.answer(contract.operationId, mockAnswer(planned, sdkTimeoutMs));
  const call = () => {
    lane.mock.takeRequests();
    return lane.adapter.call(
      {
        id: planned.case.id,
        operationId: contract.operationId,
        baseUrl: lane.mock.url,
        credentials: lane.credentials,
        request,
      },
      callTimeout(planned, opts, sdkTimeoutMs),
    );
  };
  let outcome = await call();
  // A case that injects no failure of the connection gets none from the mock, so one is the
  // environment's (a reused connection closing under load), not the SDK's: try once more before judging.
  if (outcome.kind === "error" && outcome.errorKind === "transport" && family !== "transport" && family !== "timing")
    outcome = await call();
  return { ...base, outcome, requests: lane.mock.takeRequests() };
}
