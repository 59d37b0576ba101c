import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadConfig, type Config } from "../../config/load.ts";
import { DEFAULT_PROFILE } from "../../contracts/paths.ts";
import { loadProfile, selectOperations } from "../../contracts/store.ts";
import { UsageError } from "../../errors.ts";
import { BrokerError, brokerRedactor, canIDeploy, publishPacts, type BrokerAuth } from "../../pact/broker.ts";
import { checkPact, readPact } from "../../pact/check.ts";
import { generatePact } from "../../pact/generate.ts";
import { verifyPact } from "../../pact/verify.ts";
import { openSdkAdapter } from "../../targets/target-spec.ts";
import { INTEGER_LIMITS } from "../../run/options.ts";
import { intOption, list, parse, str } from "../args.ts";
import type { Io } from "../io.ts";

export const PACT_HELP = `Usage: conformance pact <generate | check | verify | publish | can-i-deploy> [options]

  generate --sdk <adapter> [--consumer NAME] [--provider authlete] [--dir reports/pacts]
           [--operations a,b] [--sdk-cwd DIR] [--sdk-env K=V]... [--timeout MS]
      A V4 consumer pact from what the SDK really does: one interaction per operation × action,
      plus optional fields absent and nullable fields null. Each interaction is recorded through
      the adapter, then replayed against Pact's mock server; only passing ones are written.
  check <pact.json...>
      Every interaction of any consumer's pact against the contracts: request path and body,
      response body schema; documented actions without an interaction are listed.
  verify [--pact FILE]... [--broker] [--provider-url URL] [--state-url URL] [--provider NAME]
         [--provider-version V] [--provider-branch B] [--publish]
      The Pact Verifier against a provider. Without --provider-url the kit's mock Authlete API is
      the provider and sets up every state the kit's pacts use.
  publish [FILE | DIR]... [--consumer-app-version V] [--branch B] [--tag T]... [--build-url URL]
      Publishes pacts (default: the pact folder) with the official pact-broker CLI.
  can-i-deploy [--pacticipant NAME] [--version V | --latest] [--to-environment E] [--branch B]
      Asks the broker whether a version can be deployed.

Broker settings: --broker-url, or PACT_BROKER_BASE_URL, or "pact.brokerUrl" in the config file;
credentials only from the environment: PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and
PACT_BROKER_PASSWORD (the config may name other variables: pact.brokerTokenEnv, ...).
Versions default to the git commit (git rev-parse HEAD) and branches to the current git branch.

Exit codes: 0 success, 1 failed interactions / check problems / verification failed / not
deployable, 2 usage, configuration or broker errors (unreachable, credentials refused).
`;

const COMMON_OPTS = {
  config: { type: "string" },
  profile: { type: "string" },
  operations: { type: "string" },
  "broker-url": { type: "string" },
  provider: { type: "string" },
  timeout: { type: "string" },
} as const;

function git(args: string[]): string | undefined {
  try {
    return (
      execFileSync("git", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

function brokerAuth(values: Record<string, unknown>, config: Config): BrokerAuth {
  const url = str(values["broker-url"]) ?? process.env.PACT_BROKER_BASE_URL ?? config.pact?.brokerUrl;
  if (!url)
    throw new UsageError(
      "pact: no broker: give --broker-url, set PACT_BROKER_BASE_URL, or set pact.brokerUrl in the config file",
    );
  if (!/^https?:\/\/[^\s]+$/.test(url))
    throw new UsageError(`pact: the broker URL must be http(s)://..., got "${url}"`);
  const env = (name: string | undefined, fallback: string) => process.env[name ?? fallback];
  const token = env(config.pact?.brokerTokenEnv, "PACT_BROKER_TOKEN");
  const username = env(config.pact?.brokerUsernameEnv, "PACT_BROKER_USERNAME");
  const password = env(config.pact?.brokerPasswordEnv, "PACT_BROKER_PASSWORD");
  return { url, ...(token ? { token } : {}), ...(username ? { username, password: password ?? "" } : {}) };
}

function pactFiles(paths: string[]): string[] {
  return paths.flatMap((p) => {
    if (!existsSync(p)) throw new UsageError(`pact: no such file or folder "${p}"`);
    return statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith(".json"))
          .map((f) => join(p, f))
      : [p];
  });
}

export async function pactCommand(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") return (io.out(PACT_HELP), sub ? 0 : 2);
  try {
    switch (sub) {
      case "generate":
        return await generate(rest, io);
      case "check":
        return check(rest, io);
      case "verify":
        return await verify(rest, io);
      case "publish":
        return await publish(rest, io);
      case "can-i-deploy":
        return await deploy(rest, io);
      default:
        throw new UsageError(`pact: unknown subcommand "${sub}" (generate, check, verify, publish, can-i-deploy)`);
    }
  } catch (e) {
    if (e instanceof BrokerError) throw new UsageError(e.message);
    throw e;
  }
}

function setup(values: Record<string, unknown>) {
  const config = loadConfig(str(values.config));
  const profile = loadProfile(str(values.profile) ?? config.profile ?? DEFAULT_PROFILE);
  const contracts = selectOperations(profile, list(values.operations) ?? config.operations);
  return { config, profile, contracts, provider: str(values.provider) ?? config.pact?.provider ?? "authlete" };
}

async function generate(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    "pact generate",
    argv,
    {
      ...COMMON_OPTS,
      sdk: { type: "string" },
      "sdk-cwd": { type: "string" },
      "sdk-env": { type: "string", multiple: true },
      consumer: { type: "string" },
      dir: { type: "string" },
    },
    0,
  );
  if (values.help) return (io.out(PACT_HELP), 0);
  const { config, contracts, provider } = setup(values);
  const sdk = str(values.sdk) ?? config.sdk?.adapter;
  if (!sdk) throw new UsageError("pact generate: give --sdk <adapter> (or sdk.adapter in the config file)");
  const env: Record<string, string> = { ...config.sdk?.env };
  for (const kv of (values["sdk-env"] as string[] | undefined) ?? []) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(kv);
    if (!m) throw new UsageError(`pact generate: --sdk-env expects KEY=VALUE, got "${kv}"`);
    env[m[1]!] = m[2]!;
  }
  const cwd = str(values["sdk-cwd"]) ?? config.sdk?.cwd;
  const dir = resolve(str(values.dir) ?? config.pact?.dir ?? join(config.report?.dir ?? "reports", "pacts"));
  const consumer = str(values.consumer) ?? config.pact?.consumer;
  const result = await generatePact({
    contracts,
    openAdapter: () => openSdkAdapter(sdk, { ...(cwd ? { cwd: resolve(cwd) } : {}), env }),
    ...(consumer ? { consumer } : {}),
    provider,
    dir,
    callTimeoutMs: intOption(
      "pact generate",
      "timeout",
      values.timeout,
      config.timeoutMs ?? 10_000,
      ...INTEGER_LIMITS.timeoutMs,
    ),
  });
  const failed = result.interactions.filter((i) => !i.ok);
  for (const f of failed)
    io.err(`FAILED ${f.description} (state "${f.state}"):\n  ${f.problem?.split("\n").join("\n  ")}`);
  if (result.unsupported.length)
    io.err(`skipped, declared unsupported by the adapter: ${result.unsupported.join(", ")}`);
  if (!result.file) return (io.out(`no interaction passed: no pact written (${failed.length} failed)`), 1);
  io.out(
    `${result.interactions.length - failed.length} interactions written to ${result.file} (consumer ${result.consumer}, provider ${provider})${failed.length ? `; ${failed.length} failed and were left out` : ""}`,
  );
  return failed.length ? 1 : 0;
}

function check(argv: string[], io: Io): number {
  const { values, positionals } = parse("pact check", argv, {
    config: { type: "string" },
    profile: { type: "string" },
  });
  if (values.help) return (io.out(PACT_HELP), 0);
  if (!positionals.length) throw new UsageError("pact check: give the pact files to check");
  const { profile } = setup(values);
  let problems = 0;
  for (const file of pactFiles(positionals)) {
    const r = checkPact(readPact(file), profile.contracts);
    problems += r.problems.length;
    for (const p of r.problems) io.out(`${file}: interaction "${p.interaction}" at ${p.where}: ${p.message}`);
    const missing = r.coverage.filter((c) => c.missing.length);
    for (const c of missing) io.out(`${file}: ${c.operationId}: no interaction for action ${c.missing.join(", ")}`);
    io.out(
      `${file}: ${r.interactions} interactions, ${r.coverage.length} operations, ${r.problems.length} problems${missing.length ? `, ${missing.length} operations with uncovered actions` : ""}`,
    );
  }
  return problems ? 1 : 0;
}

async function verify(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    "pact verify",
    argv,
    {
      ...COMMON_OPTS,
      pact: { type: "string", multiple: true },
      broker: { type: "boolean" },
      "provider-url": { type: "string" },
      "state-url": { type: "string" },
      "provider-version": { type: "string" },
      "provider-branch": { type: "string" },
      publish: { type: "boolean" },
    },
    0,
  );
  if (values.help) return (io.out(PACT_HELP), 0);
  const { config, contracts, provider } = setup(values);
  const files = values.pact ? pactFiles(values.pact as string[]) : undefined;
  if (!files && !values.broker) throw new UsageError("pact verify: give --pact FILE (repeatable) or --broker");
  const providerUrl = str(values["provider-url"]);
  if (providerUrl && !/^https?:\/\/\S+$/.test(providerUrl))
    throw new UsageError(`pact verify: --provider-url must be an http(s) URL, got "${providerUrl}"`);
  if (values.publish && !values.broker)
    throw new UsageError(
      "pact verify: --publish needs --broker (results are published to the broker the pacts came from)",
    );
  const providerVersion = str(values["provider-version"]) ?? (values.publish ? git(["rev-parse", "HEAD"]) : undefined);
  if (values.publish && !providerVersion)
    throw new UsageError("pact verify: --publish needs --provider-version (no git commit found here)");
  const providerBranch =
    str(values["provider-branch"]) ?? (values.publish ? git(["rev-parse", "--abbrev-ref", "HEAD"]) : undefined);
  const r = await verifyPact({
    contracts,
    provider,
    ...(files ? { pactFiles: files } : {}),
    ...(values.broker ? { broker: brokerAuth(values, config) } : {}),
    ...(providerUrl ? { providerUrl } : {}),
    ...(str(values["state-url"]) ? { stateSetupUrl: str(values["state-url"])! } : {}),
    ...(providerVersion ? { providerVersion } : {}),
    ...(providerBranch ? { providerBranch } : {}),
    ...(values.publish ? { publish: true } : {}),
  });
  io.out(
    r.ok
      ? `verified: ${r.provider} honours the pacts`
      : `VERIFICATION FAILED against ${r.provider}:\n${r.message.slice(0, 4000)}`,
  );
  return r.ok ? 0 : 1;
}

async function publish(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("pact publish", argv, {
    ...COMMON_OPTS,
    "consumer-app-version": { type: "string" },
    branch: { type: "string" },
    tag: { type: "string", multiple: true },
    "build-url": { type: "string" },
  });
  if (values.help) return (io.out(PACT_HELP), 0);
  const config = loadConfig(str(values.config));
  const auth = brokerAuth(values, config);
  const pacts = pactFiles(
    positionals.length ? positionals : [config.pact?.dir ?? join(config.report?.dir ?? "reports", "pacts")],
  );
  if (!pacts.length) throw new UsageError("pact publish: no pact files found (run conformance pact generate first)");
  const version = str(values["consumer-app-version"]) ?? config.pact?.consumerVersion ?? git(["rev-parse", "HEAD"]);
  if (!version) throw new UsageError("pact publish: give --consumer-app-version (no git commit found here)");
  const branch = str(values.branch) ?? config.pact?.branch ?? git(["rev-parse", "--abbrev-ref", "HEAD"]);
  const tags = (values.tag as string[] | undefined) ?? config.pact?.tags ?? [];
  const out = await publishPacts(auth, {
    pacts,
    consumerVersion: version,
    ...(branch && branch !== "HEAD" ? { branch } : {}),
    tags,
    ...(str(values["build-url"]) ? { buildUrl: str(values["build-url"])! } : {}),
  });
  io.out(
    `${out}\npublished ${pacts.length} pact file${pacts.length > 1 ? "s" : ""} as version ${version}${branch && branch !== "HEAD" ? ` on branch ${branch}` : ""} to ${brokerRedactor(auth)(auth.url)}`,
  );
  return 0;
}

async function deploy(argv: string[], io: Io): Promise<number> {
  const { values } = parse(
    "pact can-i-deploy",
    argv,
    {
      ...COMMON_OPTS,
      pacticipant: { type: "string" },
      version: { type: "string" },
      latest: { type: "boolean" },
      "to-environment": { type: "string" },
      branch: { type: "string" },
    },
    0,
  );
  if (values.help) return (io.out(PACT_HELP), 0);
  const config = loadConfig(str(values.config));
  const auth = brokerAuth(values, config);
  const pacticipant = str(values.pacticipant) ?? config.pact?.consumer;
  if (!pacticipant)
    throw new UsageError("pact can-i-deploy: give --pacticipant NAME (or pact.consumer in the config file)");
  const version =
    str(values.version) ?? (values.latest ? undefined : (config.pact?.consumerVersion ?? git(["rev-parse", "HEAD"])));
  if (!version && !values.latest)
    throw new UsageError("pact can-i-deploy: give --version V or --latest (no git commit found here)");
  const r = await canIDeploy(auth, {
    pacticipant,
    ...(version ? { version } : {}),
    ...(values.latest ? { latest: true } : {}),
    ...(str(values.branch) ? { branch: str(values.branch)! } : {}),
    ...(str(values["to-environment"]) ? { toEnvironment: str(values["to-environment"])! } : {}),
  });
  io.out(
    `${r.deployable ? "yes" : "NO"}: ${pacticipant}${version ? ` ${version}` : ""} ${r.deployable ? "can" : "cannot"} be deployed${values["to-environment"] ? ` to ${str(values["to-environment"])}` : ""}: ${r.reason} (${r.summary.success ?? 0} verified, ${r.summary.failed ?? 0} failed, ${r.summary.unknown ?? 0} unknown)`,
  );
  return r.deployable ? 0 : 1;
}
