import { existsSync } from "node:fs";
import { UsageError } from "../../errors.ts";
import { readReport } from "../../report/validate.ts";
import { INTEGER_LIMITS, RUN_DEFAULTS } from "../../run/options.ts";
import { replaySdkCase } from "../../run/replay.ts";
import { loadConfig } from "../../config/load.ts";
import type { SdkObservation } from "../../checks/observation.ts";
import type { PlannedCase } from "../../generate/case.ts";
import {
  configNamesServer,
  formatServerReplay,
  replayServerCase,
  serverReplayOptions,
} from "../../run/server-replay.ts";
import { intOption, parse, str } from "../args.ts";
import type { Io } from "../io.ts";

export const REPLAY_HELP = `Usage: conformance replay <case-id | report.json#case-id> [--sdk <adapter>] [options]

Re-run one case exactly (same body bytes) against the target and print what happened: the body
served (for a deviation, its control first), what the SDK returned, the requests it sent, and
every check's verdict. Ids of derived bodies replay too: a control (~control), a split (~split:01),
known culprits set aside (~drop:3) and an isolated body (~reduce:2.0x3).
With report.json#case-id the profile comes from the report; the target never does.

Options:
  --sdk <adapter>    the SDK adapter (or "sdk" in the config file)
  --sdk-cwd DIR      working directory of a command adapter
  --sdk-env NAME[=VALUE]  environment for a command adapter (repeatable); NAME alone takes its
                     value from this environment, as printed replay commands do
  --profile P        contracts profile (default ${RUN_DEFAULTS.profile})
  --timeout MS       call timeout (default ${RUN_DEFAULTS.callTimeoutMs})
  --full             print the whole body even when it is long

Server cases (from a server run's report) re-run against the server given here or in the config:
  --server "<cmd>"   the server command ({port} is filled in)
  --server-url URL   an already running server on a loopback address
  --server-cwd DIR   working directory of the server command
  --config FILE      config file (endpoint map, server env; default conformance.config.json)
A command written in a report is never run: name the target here or in the config.

Exit codes: 0 the case passes now, 1 it still fails, 2 usage or start-up error.
`;

export async function replayCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "replay",
    argv,
    {
      sdk: { type: "string" },
      "sdk-cwd": { type: "string" },
      profile: { type: "string" },
      timeout: { type: "string" },
      full: { type: "boolean" },
      server: { type: "string" },
      "server-url": { type: "string" },
      "server-cwd": { type: "string" },
      config: { type: "string" },
      "sdk-env": { type: "string", multiple: true },
    },
    1,
  );
  if (values.help) return (io.out(REPLAY_HELP), 0);
  const arg = positionals[0];
  if (!arg) throw new UsageError("replay: missing <case-id> (every failure in a report prints its replay command)");
  let caseId = arg;
  let sdk = str(values.sdk);
  let profile = str(values.profile);
  const hash = arg.lastIndexOf("#");
  if (hash > 0) {
    const file = arg.slice(0, hash);
    caseId = arg.slice(hash + 1);
    if (!existsSync(file)) throw new UsageError(`replay: report ${file} not found`);
    // Read as data, validated against the report's schema: nothing in it is ever run.
    const report = readReport(file);
    if (report.target.kind === "server") return replayServer(values, caseId, profile ?? report.profile, io);
    profile ??= report.profile;
  }
  // A server case: the server named here, or in a config file that describes one.
  if (!sdk && (values.server || values["server-url"] || configNamesServer(str(values.config))))
    return replayServer(values, caseId, profile, io);
  const config = loadConfig(str(values.config));
  sdk ??= config.sdk?.adapter;
  if (!sdk)
    throw new UsageError(
      `replay: missing --sdk <adapter> (or "sdk" in the config file); a command written in a report is never run`,
    );
  const sdkCwd = str(values["sdk-cwd"]) ?? config.sdk?.cwd;
  const sdkEnv = { ...config.sdk?.env, ...envOption(values["sdk-env"]) };
  const r = await replaySdkCase(
    {
      sdk,
      ...(sdkCwd ? { sdkCwd } : {}),
      ...(Object.keys(sdkEnv).length ? { sdkEnv } : {}),
      profile: profile ?? RUN_DEFAULTS.profile,
      callTimeoutMs: intOption(
        "replay",
        "timeout",
        values.timeout,
        RUN_DEFAULTS.callTimeoutMs,
        ...INTEGER_LIMITS.timeoutMs,
      ),
    },
    caseId,
  );
  const full = values.full === true;
  if (r.control) {
    io.out(`control ${r.control.planned.case.id} (the same body without the deviation):`);
    printObservation(r.control.observation, r.control.planned, full, io);
    io.out("");
  }
  const o = r.observation;
  io.out(
    `case ${caseId} · ${o.contract.operationId} · ${r.planned.fault ? `fault ${r.planned.fault}` : o.case.variant}${o.case.action ? ` · action ${o.case.action}` : ""}${o.case.deviation ? ` · deviation at ${o.case.deviation}` : ""}`,
  );
  printObservation(o, r.planned, full, io);
  for (const res of r.results)
    io.out(
      `${res.status.toUpperCase().padEnd(5)} ${res.check}${res.message ? `: ${res.message.replace(/\n/g, " · ")}` : ""}${res.path ? ` (at ${res.path})` : ""}${
        res.findings
          ? ` (and ${res.findings.length - 1} more: ${res.findings
              .slice(1)
              .map((x) => x.path)
              .join(", ")})`
          : ""
      }`,
    );
  return r.results.some((x) => x.status === "fail" || x.status === "error") ? 1 : 0;
}

const cut = (text: string, full: boolean) =>
  full || text.length <= 2000 ? text : `${text.slice(0, 2000)}… (${text.length} bytes; --full prints all)`;

/** What was served, what the SDK sent and what it handed back. */
function printObservation(o: SdkObservation, planned: PlannedCase, full: boolean, io: Io): void {
  io.out(`served: ${o.served.status} ${planned.contentType ?? "(no body)"}\n${cut(o.served.body, full)}`);
  for (const q of o.requests) {
    io.out(
      `request: ${q.method} ${q.path}${Object.keys(q.query).length ? `?${new URLSearchParams(q.query).toString()}` : ""}${q.problems.length ? ` — ${q.problems.join("; ")}` : ""}`,
    );
    if (q.body) io.out(`request body: ${cut(q.body, full)}`);
  }
  if (!o.requests.length) io.out("request: none reached the mock");
  io.out(`sdk: ${o.outcome.kind === "decoded" ? `decoded ${cut(o.outcome.value, full)}` : JSON.stringify(o.outcome)}`);
}

/** `--sdk-env NAME=VALUE`, or `NAME` alone for the value this process has (printed replay commands never hold secrets). */
function envOption(values: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of (values as string[] | undefined) ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(kv);
    if (!m) throw new UsageError(`replay: --sdk-env expects NAME or NAME=VALUE, got "${kv}"`);
    const value = m[2] ?? process.env[m[1]!];
    if (value === undefined)
      throw new UsageError(`replay: --sdk-env ${m[1]}: no such variable in this environment (give NAME=VALUE)`);
    out[m[1]!] = value;
  }
  return out;
}

/** Server cases: the server comes from the command line or the config, never from the report. */
async function replayServer(
  values: Record<string, unknown>,
  caseId: string,
  profile: string | undefined,
  io: Io,
): Promise<number> {
  const opts = serverReplayOptions({
    ...(str(values.config) ? { config: str(values.config)! } : {}),
    ...(str(values.server) ? { server: str(values.server)! } : {}),
    ...(str(values["server-url"]) ? { serverUrl: str(values["server-url"])! } : {}),
    ...(str(values["server-cwd"]) ? { serverCwd: str(values["server-cwd"])! } : {}),
    ...(profile ? { profile } : {}),
    ...(values.timeout !== undefined
      ? {
          timeoutMs: intOption(
            "replay",
            "timeout",
            values.timeout,
            RUN_DEFAULTS.callTimeoutMs,
            ...INTEGER_LIMITS.timeoutMs,
          ),
        }
      : {}),
  });
  const r = await replayServerCase(opts, caseId);
  for (const line of formatServerReplay(r, values.full === true)) io.out(line);
  return r.results.some((x) => x.status === "fail" || x.status === "error") ? 1 : 0;
}
