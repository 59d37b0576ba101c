import { REPORT_FORMATS, type CheckLevel, type ReportFormat } from "../../config/load.ts";
import { UsageError } from "../../errors.ts";
import { summaryText } from "../../report/text.ts";
import { run, type ConformanceOptions } from "../../run/api.ts";
import { INTEGER_LIMITS, RUN_DEFAULTS } from "../../run/options.ts";
import { intOption, list, parse, seedOption, str } from "../args.ts";
import type { Io } from "../io.ts";
import { listenForInterrupts } from "../interrupts.ts";
import { progressMode, progressReporter } from "../progress.ts";
import { version } from "../version.ts";

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

Options (flags override the config file):
  --config FILE            configuration (default ./conformance.config.json when present;
                           schema: schemas/config-v1.json)
  --server-cwd DIR         working directory of the server command
  --ready-path PATH        path polled until the server answers (default /)
  --ready-timeout MS       how long to wait for it (default 20000); for --sdk, how long the
                           adapter may take to answer start (default 15000)
  --sdk-cwd DIR            working directory of a command adapter
  --sdk-env KEY=VALUE      environment for a command adapter (repeatable); KEY alone takes the
                           value this environment has
  --profile P              contracts profile (default ${RUN_DEFAULTS.profile})
  --operations a,b         only these operations (default: all)
  --runs N                 conforming cases per operation (default ${RUN_DEFAULTS.runs}; coverage cases always run)
  --variant-runs N         cases per forward-compatibility variant (default ${RUN_DEFAULTS.variantRuns})
  --seed S                 integer seed, |S| ≤ 2^31 (default: random, printed); same seed, same cases
  --shard i/n              run the i-th of n deterministic slices of the operations
                           (combine the reports with "conformance merge")
  --check NAME=LEVEL       off, warn or fail for one check (repeatable)
  --strict                 warnings fail the run too
  --baseline FILE          expected failures: listed ones do not fail the run, new ones do
  --update-baseline        rewrite FILE to accept the current failures
  --report-dir DIR         where reports go (default ${RUN_DEFAULTS.reportDir})
  --format LIST            ${REPORT_FORMATS.join(",")} (default all; json is always written)
  --timeout MS             per-call timeout (default ${RUN_DEFAULTS.callTimeoutMs}; at most 2^31−1)
  --concurrency N          parallel lanes, each with its own mock and adapter (default ${RUN_DEFAULTS.concurrency}; at most 64)
  --quiet                  no progress; print only the verdict line
  --json                   machine output only: one JSON line on stdout, nothing on stderr

Integer options are plain digits within their range (--runs ≤ 1000000, --variant-runs ≤ 100000,
--timeout and --ready-timeout ≤ 2147483647 ms). An empty value is refused.

Interrupts (SIGINT, SIGTERM, SIGHUP): the first stops the run, stops the target and writes the
partial report (exit 1); a second kills the target at once and exits within 2 s.

Exit codes: 0 conforms (or only baselined failures), 1 conformance failures or an interrupted run,
2 usage, configuration or target start-up error. Every failure prints the command that replays it.
`;

const OPTIONS = {
  sdk: { type: "string" },
  "sdk-cwd": { type: "string" },
  "sdk-env": { type: "string", multiple: true },
  config: { type: "string" },
  server: { type: "string" },
  "server-url": { type: "string" },
  "server-cwd": { type: "string" },
  "ready-path": { type: "string" },
  "ready-timeout": { type: "string" },
  profile: { type: "string" },
  operations: { type: "string" },
  runs: { type: "string" },
  "variant-runs": { type: "string" },
  seed: { type: "string" },
  shard: { type: "string" },
  check: { type: "string", multiple: true },
  strict: { type: "boolean" },
  baseline: { type: "string" },
  "update-baseline": { type: "boolean" },
  "report-dir": { type: "string" },
  format: { type: "string" },
  timeout: { type: "string" },
  concurrency: { type: "string" },
  quiet: { type: "boolean" },
  json: { type: "boolean" },
} as const;

function keyValues(flag: string, values: unknown, pattern: RegExp): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (values as string[] | undefined) ?? []) {
    const m = pattern.exec(kv);
    if (!m)
      throw new UsageError(
        `run: --${flag} expects ${flag === "check" ? "NAME=off|warn|fail" : "KEY=VALUE"}, got "${kv}"`,
      );
    out[m[1]!] = m[2]!;
  }
  return out;
}

/** argv → typed options; only what was given, so the config file fills the rest. */
export function runOptionsFromArgv(argv: string[]): {
  options: ConformanceOptions;
  quiet: boolean;
  json: boolean;
  help: boolean;
} {
  const { values: v } = parse("run", argv, OPTIONS, 0);
  const int = (name: string, [min, max]: readonly [number, number]) =>
    v[name] === undefined ? undefined : intOption("run", name, v[name], 0, min, max);
  const seed = seedOption("run", v.seed);
  const formats = list(v.format) as ReportFormat[] | undefined;
  for (const f of formats ?? [])
    if (!REPORT_FORMATS.includes(f))
      throw new UsageError(`run: --format: unknown format "${f}" (known: ${REPORT_FORMATS.join(", ")})`);
  // NAME alone takes the value this process has, as printed replay commands write it.
  const sdkEnv = keyValues(
    "sdk-env",
    ((v["sdk-env"] as string[] | undefined) ?? []).map((kv) =>
      kv.includes("=") || process.env[kv] === undefined ? kv : `${kv}=${process.env[kv]}`,
    ),
    /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s,
  );
  const checks = keyValues("check", v.check, /^([a-z][\w.-]*)=(off|warn|fail)$/) as Record<string, CheckLevel>;
  const options: ConformanceOptions = {
    ...(str(v.config) ? { config: str(v.config)! } : {}),
    ...(str(v.sdk) ? { sdk: str(v.sdk)! } : {}),
    ...(str(v["sdk-cwd"]) ? { sdkCwd: str(v["sdk-cwd"])! } : {}),
    ...(Object.keys(sdkEnv).length ? { sdkEnv } : {}),
    ...(str(v.server) ? { server: str(v.server)! } : {}),
    ...(str(v["server-url"]) ? { serverUrl: str(v["server-url"])! } : {}),
    ...(str(v["server-cwd"]) ? { serverCwd: str(v["server-cwd"])! } : {}),
    ...(str(v["ready-path"]) ? { readyPath: str(v["ready-path"])! } : {}),
    ...(v["ready-timeout"] !== undefined
      ? { readyTimeoutMs: int("ready-timeout", INTEGER_LIMITS.readyTimeoutMs)! }
      : {}),
    ...(str(v.profile) ? { profile: str(v.profile)! } : {}),
    ...(list(v.operations) ? { operations: list(v.operations)! } : {}),
    ...(v.runs !== undefined ? { runs: int("runs", INTEGER_LIMITS.runs)! } : {}),
    ...(v["variant-runs"] !== undefined ? { variantRuns: int("variant-runs", INTEGER_LIMITS.variantRuns)! } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(str(v.shard) ? { shard: str(v.shard)! } : {}),
    ...(Object.keys(checks).length ? { checks } : {}),
    ...(v.strict ? { strict: true } : {}),
    ...(str(v.baseline) ? { baseline: str(v.baseline)! } : {}),
    ...(v["update-baseline"] ? { updateBaseline: true } : {}),
    ...(str(v["report-dir"]) ? { reportDir: str(v["report-dir"])! } : {}),
    ...(formats ? { formats } : {}),
    ...(v.timeout !== undefined ? { timeoutMs: int("timeout", INTEGER_LIMITS.timeoutMs)! } : {}),
    ...(v.concurrency !== undefined ? { concurrency: int("concurrency", INTEGER_LIMITS.concurrency)! } : {}),
  };
  return { options, quiet: v.quiet === true, json: v.json === true, help: v.help === true };
}

export async function runCommand(
  argv: string[],
  io: Io,
  env: { isTty?: boolean; env?: NodeJS.ProcessEnv; write?: (s: string) => void } = {},
): Promise<number> {
  const { options, quiet, json, help } = runOptionsFromArgv(argv);
  if (help) return (io.out(RUN_HELP), 0);
  const mode = json ? "off" : progressMode(env.isTty ?? process.stderr.isTTY === true, env.env ?? process.env, quiet);
  // The live line needs raw writes (\r, no newline); periodic lines go through io like all output.
  const write =
    env.write ??
    (mode === "live" ? (s: string) => void process.stderr.write(s) : (s: string) => io.err(s.replace(/\n$/, "")));
  const progress = progressReporter({ mode, write });
  const interrupts = listenForInterrupts(io);
  try {
    let announced = false;
    const result = await run({
      ...options,
      kitVersion: version(),
      signal: interrupts.signal,
      onEvent: (e) => {
        if (!announced && e.type === "started" && !quiet && !json) {
          announced = true;
          io.err(
            `conformance run: seed ${e.seed}, ${e.operations} operations, ${e.cases} cases (--seed ${e.seed} repeats them)`,
          );
        }
        progress.onEvent(e);
      },
    }).finally(() => progress.finish());
    const r = result.report;
    if (json) {
      io.out(
        JSON.stringify({
          exitCode: result.exitCode,
          seed: r.seed,
          complete: r.complete,
          summary: r.summary,
          files: result.files,
          ...(result.baselineWritten ? { baselineWritten: result.baselineWritten } : {}),
        }),
      );
      return result.exitCode;
    }
    const text = summaryText(r);
    const written = Object.values(result.files).join(", ");
    io.out(
      quiet
        ? text.split("\n").at(-1)!
        : `${text}${result.baselineWritten ? `\nbaseline written: ${result.baselineWritten}` : ""}${written ? `\nreports: ${written}` : ""}`,
    );
    return result.exitCode;
  } finally {
    interrupts.dispose();
  }
}
