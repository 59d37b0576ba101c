import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { SDK_CHECKS } from "../checks/run-checks.ts";
import { SERVER_CHECKS } from "../checks/server/checks.ts";
import {
  DEFAULT_CONFIG_FILE,
  loadConfig,
  REPORT_FORMATS,
  type CheckLevel,
  type Config,
  type ReportFormat,
} from "../config/load.ts";
import { loadProfile, selectOperations } from "../contracts/store.ts";
import { UsageError } from "../errors.ts";
import { isRunSeed, SEED_LIMIT } from "../generate/id.ts";
import { applyBaseline, baselineFrom, loadBaseline } from "../report/baseline.ts";
import { commandSecrets, environmentSecrets, redactor, redactReport, type Redactor } from "../report/redact.ts";
import type { Report } from "../report/model.ts";
import { prepareOutputDir, prepareOutputFile, writeAtomicAsync, writeReportsAsync } from "../report/write.ts";
import { DEFAULT_ENDPOINTS, mergeEndpoints } from "../targets/endpoints.ts";
import { isModulePath } from "../targets/target-spec.ts";
import { INTEGER_LIMITS, RUN_DEFAULTS, type RunEvent, type RunOptions } from "./options.ts";
import type { Shard } from "./plan.ts";
import { runSdkTarget } from "./sdk-target.ts";
import { runServer, type ServerRunOptions } from "./server-run.ts";

/** Everything `conformance run` accepts, typed. Unset fields come from the config file, then defaults. */
export interface ConformanceOptions extends Pick<
  ServerRunOptions,
  "server" | "serverUrl" | "serverCwd" | "readyPath" | "readyTimeoutMs" | "envNames" | "endpoints"
> {
  /** Config file; default `conformance.config.json` in `cwd` when it exists; `false` reads none. */
  config?: string | false;
  /** Where relative paths and the default config file are looked up (default: process.cwd()). */
  cwd?: string;
  /** SDK target: an adapter module (file or folder) or a stdio adapter command. */
  sdk?: string;
  sdkCwd?: string;
  sdkEnv?: Record<string, string>;
  profile?: string;
  operations?: string[];
  runs?: number;
  variantRuns?: number;
  /** Default: random (reported in the result). */
  seed?: number;
  timeoutMs?: number;
  concurrency?: number;
  strict?: boolean;
  /** Per check name: off, warn (never fails the gate), fail. */
  checks?: Record<string, CheckLevel>;
  /** `{index, total}` or "i/n". */
  shard?: Shard | string;
  /** Where reports go (default `reports`); `false` writes nothing. */
  reportDir?: string | false;
  /** Report formats (default all); JSON is always written. */
  formats?: ReportFormat[];
  /** Expected-failures file. */
  baseline?: string;
  /** Extra patterns redacted from reports and events, beside the built-in secret shapes. */
  redact?: Array<string | RegExp>;
  /** Rewrite the baseline to accept the current failures (creates it when missing). */
  updateBaseline?: boolean;
  /** Stops the run: no new case starts, the target is stopped, the partial report is written. */
  signal?: AbortSignal;
  onEvent?: (e: RunEvent) => void;
  /** Called when the run is over and its reports are about to be written. */
  onWriting?: () => void;
  /** Kit version written in the report (the CLI passes package.json's). */
  kitVersion?: string;
}

export interface ConformanceResult {
  report: Report;
  /** 0 conforms (or only baselined failures), 1 failures, 2 the target could not be started. */
  exitCode: 0 | 1 | 2;
  /** Report files written, by format. */
  files: Partial<Record<ReportFormat, string>>;
  /** The baseline file written by `updateBaseline`. */
  baselineWritten?: string;
}

const LOOPBACK_URL = /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/;

/** Parses `i/n` (1 ≤ i ≤ n). */
export function parseShard(v: Shard | string): Shard {
  const m = typeof v === "string" ? /^(\d+)\/(\d+)$/.exec(v.trim()) : null;
  const shard = typeof v === "string" ? (m ? { index: Number(m[1]), total: Number(m[2]) } : undefined) : v;
  if (
    !shard ||
    !Number.isInteger(shard.index) ||
    !Number.isInteger(shard.total) ||
    shard.total < 1 ||
    shard.index < 1 ||
    shard.index > shard.total
  ) {
    throw new UsageError(`--shard must be i/n with 1 ≤ i ≤ n (e.g. 2/4), got ${JSON.stringify(v)}`);
  }
  return shard;
}

function checkLevels(
  levels: Record<string, CheckLevel> | undefined,
  where: string,
): Record<string, CheckLevel> | undefined {
  if (!levels) return undefined;
  const known = new Set([...SDK_CHECKS, ...SERVER_CHECKS].map((c) => c.name));
  for (const [name, level] of Object.entries(levels)) {
    if (!known.has(name)) throw new UsageError(`${where}: unknown check "${name}" (known: ${[...known].join(", ")})`);
    if (!["off", "warn", "fail"].includes(level))
      throw new UsageError(`${where}: check "${name}" must be "off", "warn" or "fail", got ${JSON.stringify(level)}`);
  }
  return levels;
}

/** Options over config over defaults; every choice validated before anything starts. */
export function resolveOptions(o: ConformanceOptions): {
  redact: Redactor;
  run: RunOptions;
  config: Config;
  target: "sdk" | "server";
  server: ServerRunOptions | undefined;
  formats: ReportFormat[];
  reportDir: string | false;
  baseline?: string;
} {
  const cwd = o.cwd ?? process.cwd();
  const config = o.config === false ? {} : loadConfig(o.config, cwd);
  const sdkGiven = o.sdk ?? (o.server || o.serverUrl ? undefined : config.sdk?.adapter);
  // A module path is relative to `cwd`; keep it as written when that is where the kit runs.
  const sdk =
    sdkGiven && resolve(cwd) !== process.cwd() && isModulePath(sdkGiven, cwd) ? resolve(cwd, sdkGiven) : sdkGiven;
  const server = o.server ?? (sdk || o.serverUrl ? undefined : config.server?.command);
  const serverUrl = o.serverUrl ?? (sdk || server ? undefined : config.server?.url);
  if ([sdk, server ?? serverUrl].filter(Boolean).length !== 1)
    throw new UsageError(
      'run: give exactly one target: --sdk <adapter>, or --server "<command>" / --server-url URL (or "sdk" / "server" in the config file)',
    );
  if (serverUrl && !LOOPBACK_URL.test(serverUrl))
    throw new UsageError(
      `run: --server-url must be a loopback http URL (127.0.0.1, localhost or [::1]), got "${serverUrl}"`,
    );
  const profile = o.profile ?? config.profile ?? RUN_DEFAULTS.profile;
  const operations = o.operations ?? config.operations;
  selectOperations(loadProfile(profile), operations); // unknown names fail before anything starts
  const seed = o.seed ?? config.seed ?? Math.floor(Math.random() * 2 ** 31);
  if (!isRunSeed(seed))
    throw new UsageError(
      `run: --seed must be an integer from -${SEED_LIMIT} to ${SEED_LIMIT}, got ${JSON.stringify(seed)}`,
    );
  const formats = o.formats ?? config.report?.formats ?? [...REPORT_FORMATS];
  for (const f of formats)
    if (!REPORT_FORMATS.includes(f))
      throw new UsageError(`run: unknown report format "${f}" (known: ${REPORT_FORMATS.join(", ")})`);
  const shard = o.shard !== undefined ? parseShard(o.shard) : undefined;
  const checks = checkLevels({ ...config.checks, ...o.checks }, o.checks ? "run" : "config checks");
  const sdkCwd = o.sdkCwd ?? config.sdk?.cwd;
  const run: RunOptions = {
    sdk: sdk ?? "",
    ...(sdkCwd ? { sdkCwd: resolve(cwd, sdkCwd) } : {}),
    sdkEnv: { ...config.sdk?.env, ...o.sdkEnv },
    ...(sdk && (o.readyTimeoutMs ?? config.sdk?.readyTimeoutMs)
      ? { sdkStartTimeoutMs: o.readyTimeoutMs ?? config.sdk?.readyTimeoutMs }
      : {}),
    profile,
    ...(operations ? { operations } : {}),
    runs: o.runs ?? config.runs ?? RUN_DEFAULTS.runs,
    variantRuns: o.variantRuns ?? config.variantRuns ?? RUN_DEFAULTS.variantRuns,
    seed,
    reportDir: o.reportDir === false ? "" : resolve(cwd, o.reportDir ?? config.report?.dir ?? RUN_DEFAULTS.reportDir),
    callTimeoutMs: o.timeoutMs ?? config.timeoutMs ?? RUN_DEFAULTS.callTimeoutMs,
    concurrency: o.concurrency ?? config.concurrency ?? RUN_DEFAULTS.concurrency,
    strict: o.strict ?? config.strict ?? RUN_DEFAULTS.strict,
    ...(shard ? { shard } : {}),
    ...(checks && Object.keys(checks).length ? { checks } : {}),
  };
  // Replay commands repeat the options as given, so they work from the folder the run started in.
  const configGiven =
    typeof o.config === "string"
      ? { config: o.config }
      : o.config !== false && existsSync(resolve(cwd, DEFAULT_CONFIG_FILE)) && resolve(cwd) !== process.cwd()
        ? { config: resolve(cwd, DEFAULT_CONFIG_FILE) }
        : {};
  if (sdk)
    run.invocation = {
      ...configGiven,
      ...(o.sdk ? { sdk } : {}),
      ...(o.sdkCwd ? { sdkCwd: run.sdkCwd! } : {}),
      ...(o.sdkEnv ? { sdkEnvNames: Object.keys(o.sdkEnv) } : {}),
      ...(o.profile ? { profile: o.profile } : {}),
    };
  // Named as the caller wrote them (ConformanceOptions / config keys), not as RunOptions holds them.
  for (const [k, name] of [
    ["runs", "runs"],
    ["variantRuns", "variantRuns"],
    ["callTimeoutMs", "timeoutMs"],
    ["concurrency", "concurrency"],
    ["sdkStartTimeoutMs", "readyTimeoutMs"],
  ] as const) {
    const v = run[k];
    const [min, max] = INTEGER_LIMITS[name];
    if (v !== undefined && (!Number.isSafeInteger(v) || v < min || v > max))
      throw new UsageError(`run: ${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
  }
  const serverCwd = o.serverCwd ?? config.server?.cwd;
  const readyPath = o.readyPath ?? config.server?.readyPath;
  const envNames = o.envNames ?? config.server?.envNames;
  const serverOpts = sdk
    ? undefined
    : {
        ...run,
        ...(server ? { server } : { serverUrl: serverUrl! }),
        ...(serverCwd ? { serverCwd: resolve(cwd, serverCwd) } : {}),
        ...(readyPath ? { readyPath } : {}),
        readyTimeoutMs: o.readyTimeoutMs ?? config.server?.readyTimeoutMs ?? 20_000,
        endpoints: mergeEndpoints(DEFAULT_ENDPOINTS, [...(config.server?.endpoints ?? []), ...(o.endpoints ?? [])]),
        ...(envNames ? { envNames } : {}),
        ...(config.server?.env ? { serverEnv: config.server.env } : {}),
        // Replay commands repeat the options as given, so they work from the folder the run started in.
        invocation: {
          ...configGiven,
          ...(o.server ? { server: o.server } : o.serverUrl ? { serverUrl: o.serverUrl } : {}),
          ...(o.serverCwd ? { serverCwd: o.serverCwd } : {}),
          ...(o.profile ? { profile: o.profile } : {}),
        },
        redactLog: (line: string) => redactLines(line),
      };
  let redactLines: (line: string) => string = (l) => l;
  const serverReady = serverOpts?.readyTimeoutMs;
  if (
    serverReady !== undefined &&
    (!Number.isSafeInteger(serverReady) ||
      serverReady < INTEGER_LIMITS.readyTimeoutMs[0] ||
      serverReady > INTEGER_LIMITS.readyTimeoutMs[1])
  ) {
    throw new UsageError(
      `run: readyTimeoutMs must be an integer from ${INTEGER_LIMITS.readyTimeoutMs[0]} to ${INTEGER_LIMITS.readyTimeoutMs[1]}, got ${JSON.stringify(serverReady)}`,
    );
  }
  const baseline = o.baseline ?? config.baseline;
  const patterns = [...(config.redact ?? []), ...(o.redact ?? [])].map((p) => {
    if (p instanceof RegExp) return p;
    try {
      return new RegExp(p, "g");
    } catch (e) {
      throw new UsageError(
        `run: redact pattern ${JSON.stringify(p)} is not a valid regular expression (${(e as Error).message})`,
      );
    }
  });
  // Secrets of the kit's environment, of --sdk-env and server.env (a target may echo them), and
  // secrets written on the target's command line (--api-key K), which it may echo too.
  const secrets = [
    ...environmentSecrets({ ...process.env, ...run.sdkEnv, ...config.server?.env }),
    ...commandSecrets(sdk),
    ...commandSecrets(server),
  ];
  const redact = redactor(secrets, patterns);
  redactLines = redact;
  return {
    redact,
    run,
    config,
    target: sdk ? "sdk" : "server",
    server: serverOpts,
    formats,
    reportDir: o.reportDir === false ? false : run.reportDir,
    ...(baseline ? { baseline: resolve(cwd, baseline) } : {}),
  };
}

/**
 * One conformance run, as `conformance run` does it: resolve options (config file, defaults),
 * run the target, apply the baseline, write the reports. Never exits the process; bad options
 * throw UsageError/InputError before anything starts.
 */
export async function run(options: ConformanceOptions): Promise<ConformanceResult> {
  const r = resolveOptions(options);
  if (options.updateBaseline && !r.baseline)
    throw new UsageError('run: --update-baseline needs --baseline FILE (or "baseline" in the config file)');
  const baseline = r.baseline && existsSync(r.baseline) ? loadBaseline(r.baseline) : undefined;
  if (r.baseline && !baseline && !options.updateBaseline) loadBaseline(r.baseline); // throws "not found"
  // Where the results go is checked before the run: a run's results are never lost to a bad path.
  if (r.reportDir !== false) prepareOutputDir(r.reportDir, "run: --report-dir");
  if (r.baseline && options.updateBaseline) prepareOutputFile(r.baseline, "run: --update-baseline");
  const onEvent = options.onEvent;
  // Warnings can quote a target's output: they go through the same redaction as the report.
  const hooks = {
    kitVersion: options.kitVersion ?? "0.0.0",
    redact: r.redact,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(onEvent
      ? { onEvent: (e: RunEvent) => onEvent(e.type === "warning" ? { ...e, message: r.redact(e.message) } : e) }
      : {}),
  };
  let report = redactReport(
    r.target === "sdk" ? await runSdkTarget(r.run, hooks) : await runServer(r.server!, hooks),
    r.redact,
  );
  let baselineWritten: string | undefined;
  if (r.baseline && options.updateBaseline && !report.complete) {
    // A partial run would drop entries for what it never reached: keep the file, keep the report.
    options.onEvent?.({
      type: "warning",
      message: `not updating ${r.baseline}: the run is incomplete (${report.incompleteReason ?? "stopped early"})`,
    });
    if (baseline) report = applyBaseline(report, baseline, r.baseline);
  } else if (r.baseline && options.updateBaseline) {
    const next = baselineFrom(report, baseline);
    await writeAtomicAsync(r.baseline, `${JSON.stringify(next, null, 2)}\n`);
    baselineWritten = r.baseline;
    report = applyBaseline(report, next, r.baseline);
  } else if (baseline) report = applyBaseline(report, baseline, r.baseline!);
  options.onWriting?.();
  const files = r.reportDir === false ? {} : await writeReportsAsync(report, r.reportDir, r.formats);
  return { report, exitCode: report.summary.exitCode, files, ...(baselineWritten ? { baselineWritten } : {}) };
}
