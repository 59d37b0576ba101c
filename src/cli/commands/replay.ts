import { existsSync, readFileSync } from "node:fs";
import { UsageError } from "../../errors.ts";
import type { Report } from "../../report/model.ts";
import { INTEGER_LIMITS, RUN_DEFAULTS } from "../../run/options.ts";
import { replaySdkCase } from "../../run/replay.ts";
import { intOption, parse, str } from "../args.ts";
import type { Io } from "../io.ts";

export const REPLAY_HELP = `Usage: conformance replay <case-id | report.json#case-id> [--sdk <adapter>] [options]

Re-run one case exactly (same body bytes) against the target and print what happened: the body
served, what the SDK returned, the requests the mock saw, and every check's verdict.
With report.json#case-id the target and profile come from the report.

Options:
  --sdk <adapter>    the SDK adapter (required unless the report names it)
  --sdk-cwd DIR      working directory of a command adapter
  --profile P        contracts profile (default ${RUN_DEFAULTS.profile})
  --timeout MS       call timeout (default ${RUN_DEFAULTS.callTimeoutMs})
  --full             print the whole body even when it is long

Exit codes: 0 the case passes now, 1 it still fails, 2 usage or start-up error.
`;

export async function replayCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("replay", argv, { sdk: { type: "string" }, "sdk-cwd": { type: "string" }, profile: { type: "string" }, timeout: { type: "string" }, full: { type: "boolean" } }, 1);
  if (values.help) return io.out(REPLAY_HELP), 0;
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
    const report = JSON.parse(readFileSync(file, "utf8")) as Report;
    if (report.target.kind !== "sdk") throw new UsageError("replay: only SDK reports can be replayed in this version");
    sdk ??= report.target.spec;
    profile ??= report.profile;
  }
  if (!sdk) throw new UsageError("replay: missing --sdk <adapter> (or give report.json#case-id)");
  const r = await replaySdkCase({ sdk, ...(str(values["sdk-cwd"]) ? { sdkCwd: str(values["sdk-cwd"])! } : {}), profile: profile ?? RUN_DEFAULTS.profile, callTimeoutMs: intOption("replay", "timeout", values.timeout, RUN_DEFAULTS.callTimeoutMs, ...INTEGER_LIMITS.timeoutMs) }, caseId);
  const o = r.observation;
  const body = values.full || o.served.body.length <= 2000 ? o.served.body : `${o.served.body.slice(0, 2000)}… (${o.served.body.length} bytes; --full prints all)`;
  io.out(`case ${caseId} · ${o.contract.operationId} · ${r.planned.fault ? `fault ${r.planned.fault}` : o.case.variant}${o.case.action ? ` · action ${o.case.action}` : ""}${o.case.deviation ? ` · deviation at ${o.case.deviation}` : ""}`);
  io.out(`served: ${o.served.status} ${r.planned.contentType ?? "(no body)"}\n${body}`);
  io.out(`sdk: ${o.outcome.kind === "decoded" ? `decoded ${o.outcome.value.length > 2000 && !values.full ? `${o.outcome.value.slice(0, 2000)}…` : o.outcome.value}` : JSON.stringify(o.outcome)}`);
  for (const q of o.requests) io.out(`request: ${q.method} ${q.path}${q.problems.length ? ` — ${q.problems.join("; ")}` : ""}`);
  if (!o.requests.length) io.out("request: none reached the mock");
  for (const res of r.results) io.out(`${res.status.toUpperCase().padEnd(5)} ${res.check}${res.message ? `: ${res.message.replace(/\n/g, " · ")}` : ""}${res.path ? ` (at ${res.path})` : ""}`);
  return r.results.some((x) => x.status === "fail" || x.status === "error") ? 1 : 0;
}
