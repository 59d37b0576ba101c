import { resolve } from "node:path";
import { UsageError } from "../../errors.ts";
import { loadProfile, selectOperations } from "../../contracts/store.ts";
import { summaryText } from "../../report/text.ts";
import { writeJsonReport } from "../../report/write.ts";
import { RUN_DEFAULTS, type RunEvent, type RunOptions } from "../../run/options.ts";
import { runServer } from "../../run/server-run.ts";
import { loadConfig } from "../../config/load.ts";
import { DEFAULT_ENDPOINTS, mergeEndpoints } from "../../targets/endpoints.ts";
import { runSdkTarget } from "../../run/sdk-target.ts";
import { intOption, list, parse, str } from "../args.ts";
import { version } from "../version.ts";
import type { Io } from "../io.ts";

export const RUN_HELP = `Usage: conformance run --sdk <adapter> | --server "<command>" | --server-url URL [options]

--sdk: serve every response the contracts allow to an SDK through the mock Authlete API and check
what the SDK hands over. <adapter> is a TypeScript/JavaScript adapter module (a file, or a folder
with adapter.ts) loaded in process, or a command that speaks the stdio adapter protocol
(docs/adapter-protocol.md), e.g. --sdk "python3 my_adapter.py".

--server: start an authorization server built on Authlete (AUTHLETE_BASE_URL, AUTHLETE_SERVICE_APIKEY,
AUTHLETE_SERVICE_APISECRET, AUTHLETE_SERVICE_ACCESSTOKEN, AUTHLETE_SERVICE_ID and PORT in its
environment; {port} in the command is replaced too), drive each of its endpoints through every
action of the API it calls, and check status, headers, body and follow-up calls.
--server-url tests an already running server on a loopback address instead.

Options:
  --config FILE            configuration (default ./conformance.config.json when present;
                           schemas/config-v1.json): server command/url and endpoint map
  --server-cwd DIR         working directory of the server command
  --ready-path PATH        path polled until the server answers (default /)
  --ready-timeout MS       how long to wait for it (default 20000)
  --sdk-cwd DIR            working directory of a command adapter
  --sdk-env KEY=VALUE      environment for a command adapter (repeatable)
  --profile P              contracts profile (default ${RUN_DEFAULTS.profile})
  --operations a,b         only these operations (default: all)
  --runs N                 conforming cases per operation (default ${RUN_DEFAULTS.runs}; coverage cases always run)
  --variant-runs N         cases per forward-compatibility variant (default ${RUN_DEFAULTS.variantRuns})
  --seed S                 integer seed (default: random, printed); same seed, same cases
  --report-dir DIR         where reports go (default ${RUN_DEFAULTS.reportDir})
  --timeout MS             per-call timeout (default ${RUN_DEFAULTS.callTimeoutMs})
  --concurrency N          parallel lanes, each with its own mock and adapter (default ${RUN_DEFAULTS.concurrency})
  --strict                 warnings fail the run too
  --quiet                  print only the verdict line

Exit codes: 0 conforms, 1 conformance failures, 2 usage or target start-up error.
Writes <report-dir>/conformance-report.json; every failure prints the command that replays it.
`;

export async function runCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parse("run", argv, {
    sdk: { type: "string" }, "sdk-cwd": { type: "string" }, "sdk-env": { type: "string", multiple: true },
    config: { type: "string" }, server: { type: "string" }, "server-url": { type: "string" }, "server-cwd": { type: "string" }, "ready-path": { type: "string" }, "ready-timeout": { type: "string" }, profile: { type: "string" }, operations: { type: "string" },
    runs: { type: "string" }, "variant-runs": { type: "string" }, seed: { type: "string" }, "report-dir": { type: "string" },
    timeout: { type: "string" }, concurrency: { type: "string" }, strict: { type: "boolean" }, quiet: { type: "boolean" },
  }, 0);
  if (values.help) return io.out(RUN_HELP), 0;
  const config = loadConfig(str(values.config));
  const sdk = str(values.sdk);
  const server = str(values.server) ?? (sdk || values["server-url"] ? undefined : config.server?.command);
  const serverUrl = str(values["server-url"]) ?? (sdk || server ? undefined : config.server?.url);
  if ([sdk, server ?? serverUrl].filter(Boolean).length !== 1) throw new UsageError('run: give exactly one target: --sdk <adapter>, or --server "<command>" / --server-url URL (see "conformance run --help")');
  if (serverUrl && !/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\/?$/.test(serverUrl)) throw new UsageError(`run: --server-url must be a loopback http URL (127.0.0.1, localhost or [::1]), got "${serverUrl}"`);
  const sdkEnv: Record<string, string> = {};
  for (const kv of (values["sdk-env"] as string[] | undefined) ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(kv);
    if (!m) throw new UsageError(`run: --sdk-env expects KEY=VALUE, got "${kv}"`);
    sdkEnv[m[1]!] = m[2]!;
  }
  const profile = str(values.profile) ?? RUN_DEFAULTS.profile;
  const operations = list(values.operations);
  selectOperations(loadProfile(profile), operations); // unknown names fail before anything starts
  let seed: number;
  if (values.seed === undefined) seed = Math.floor(Math.random() * 2 ** 31);
  else {
    seed = Number(values.seed);
    if (!Number.isInteger(seed) || Math.abs(seed) > 2 ** 31) throw new UsageError(`run: --seed must be an integer, got "${String(values.seed)}"`);
  }
  const opts: RunOptions = {
    sdk: sdk ?? "",
    ...(str(values["sdk-cwd"]) ? { sdkCwd: resolve(str(values["sdk-cwd"])!) } : {}),
    sdkEnv,
    profile,
    ...(operations ? { operations } : {}),
    runs: intOption("run", "runs", values.runs, RUN_DEFAULTS.runs),
    variantRuns: intOption("run", "variant-runs", values["variant-runs"], RUN_DEFAULTS.variantRuns, 0),
    seed,
    reportDir: str(values["report-dir"]) ?? RUN_DEFAULTS.reportDir,
    callTimeoutMs: intOption("run", "timeout", values.timeout, RUN_DEFAULTS.callTimeoutMs, 10),
    concurrency: intOption("run", "concurrency", values.concurrency, RUN_DEFAULTS.concurrency),
    strict: values.strict === true,
  };
  const quiet = values.quiet === true;
  if (!quiet) io.err(`conformance run: seed ${seed}, ${operations?.length ?? "all"} operations, ${opts.runs} runs each`);
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const hooks = {
      kitVersion: version(),
      signal: controller.signal,
      onEvent: (e: RunEvent) => {
        if (quiet) return;
        if (e.type === "operation") io.err(`  ${e.operationId}: ${e.cases} cases${e.failures ? `, ${e.failures} failing results` : ""}`);
        if (e.type === "warning") io.err(`  warning: ${e.message}`);
      },
    };
    const report = sdk
      ? await runSdkTarget(opts, hooks)
      : await runServer({
          ...opts,
          ...(server ? { server } : { serverUrl: serverUrl! }),
          ...(str(values["server-cwd"]) ? { serverCwd: resolve(str(values["server-cwd"])!) } : {}),
          ...((str(values["ready-path"]) ?? config.server?.readyPath) ? { readyPath: (str(values["ready-path"]) ?? config.server?.readyPath)! } : {}),
          readyTimeoutMs: intOption("run", "ready-timeout", values["ready-timeout"], config.server?.readyTimeoutMs ?? 20_000, 100),
          endpoints: mergeEndpoints(DEFAULT_ENDPOINTS, config.server?.endpoints ?? []),
          ...(config.server?.envNames ? { envNames: config.server.envNames } : {}),
        }, hooks);
    const file = writeJsonReport(report, opts.reportDir);
    const text = summaryText(report);
    io.out(quiet ? text.split("\n").at(-1)! : `${text}\nreport: ${file}`);
    return report.summary.exitCode;
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
