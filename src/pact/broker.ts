import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { commandSecrets, redactor, type Redactor } from "../report/redact.ts";

/**
 * The Pact Broker through the official `pact-broker` CLI (shipped inside @pact-foundation/pact-cli).
 * Credentials travel in the CLI's environment variables, never on its command line, where other
 * users of the machine could read them.
 */

export interface BrokerAuth {
  url: string;
  token?: string;
  username?: string;
  password?: string;
}

/** The broker could not be used (unreachable, credentials refused, CLI failure): exit code 2. */
export class BrokerError extends Error {
  override name = "BrokerError";
}

const require = createRequire(import.meta.url);
const CLI = join(dirname(require.resolve("@pact-foundation/pact-cli/package.json")), "bin", "pact-broker.js");

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** HTTP retries of the CLI: its default backs off for a minute before saying the broker is down. */
const RETRIES = ["--retries", "2"];

/** Redacts the broker credentials in every form (as written, URL-encoded, base64, in a Basic or Bearer header). */
export function brokerRedactor(auth: BrokerAuth): Redactor {
  return redactor([
    auth.token,
    auth.password,
    auth.username && auth.password !== undefined ? `${auth.username}:${auth.password}` : undefined,
    ...commandSecrets(auth.url),
  ]);
}

function runCli(args: string[], auth: BrokerAuth, timeoutMs: number): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: "true", PACT_BROKER_BASE_URL: auth.url };
  for (const k of ["PACT_BROKER_TOKEN", "PACT_BROKER_USERNAME", "PACT_BROKER_PASSWORD"]) delete env[k];
  if (auth.token) env.PACT_BROKER_TOKEN = auth.token;
  if (auth.username) {
    env.PACT_BROKER_USERNAME = auth.username;
    env.PACT_BROKER_PASSWORD = auth.password ?? "";
  }
  return new Promise((done) => {
    // The CLI can echo the credentials (an Authorization: Basic … header in an error): everything
    // it prints is redacted before the kit looks at it, so no message or output can carry them.
    const clean = brokerRedactor(auth);
    execFile(
      process.execPath,
      [CLI, ...args, ...RETRIES],
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024, killSignal: "SIGKILL" },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as NodeJS.ErrnoException).code === "number"
            ? Number((err as NodeJS.ErrnoException).code)
            : err.killed
              ? 124
              : 1
          : 0;
        done({ code, stdout: clean(String(stdout)), stderr: clean(String(stderr)) });
      },
    );
  });
}

/** Turns the CLI's failure output into one line that says what to do. */
function explain(r: CliRun, auth: BrokerAuth, what: string): BrokerError {
  const text = `${r.stdout}\n${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, "");
  const secretFree = brokerRedactor(auth)(text);
  const url = brokerRedactor(auth)(auth.url);
  const last = secretFree
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-3)
    .join(" | ");
  if (r.code === 124) return new BrokerError(`${what}: the broker at ${url} did not answer in time`);
  if (/\b401\b|unauthori[sz]ed/i.test(secretFree))
    return new BrokerError(
      `${what}: the broker at ${url} refused the credentials (401); check PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PACT_BROKER_PASSWORD`,
    );
  if (/\b403\b|forbidden/i.test(secretFree))
    return new BrokerError(`${what}: the broker at ${url} does not allow this (403) for these credentials`);
  if (/connect|refused|dns|resolve|timed out|error sending request/i.test(secretFree))
    return new BrokerError(`${what}: cannot reach the broker at ${url} (${last})`);
  return new BrokerError(`${what} failed (pact-broker exit ${r.code}): ${last || "no output"}`);
}

export interface PublishOptions {
  /** Pact files or folders. */
  pacts: string[];
  consumerVersion: string;
  branch?: string;
  tags?: string[];
  buildUrl?: string;
  timeoutMs?: number;
}

/** Publishes pacts; resolves with the CLI's own report, throws BrokerError when it fails. */
export async function publishPacts(auth: BrokerAuth, o: PublishOptions): Promise<string> {
  const args = [
    "publish",
    ...o.pacts,
    "--consumer-app-version",
    o.consumerVersion,
    ...(o.branch ? ["--branch", o.branch] : []),
    ...(o.tags ?? []).flatMap((t) => ["--tag", t]),
    ...(o.buildUrl ? ["--build-url", o.buildUrl] : []),
  ];
  const r = await runCli(args, auth, o.timeoutMs ?? 60_000);
  if (r.code !== 0 || !/published successfully/i.test(r.stdout + r.stderr)) throw explain(r, auth, "pact publish");
  return (r.stdout + r.stderr).replace(/\x1b\[[0-9;]*m/g, "").trim();
}

export interface CanIDeployOptions {
  pacticipant: string;
  version?: string;
  latest?: boolean;
  branch?: string;
  toEnvironment?: string;
  timeoutMs?: number;
}

export interface CanIDeployResult {
  deployable: boolean;
  reason: string;
  summary: { success?: number; failed?: number; unknown?: number };
}

/** Asks the broker's matrix whether a version can be deployed; BrokerError when it cannot be asked. */
export async function canIDeploy(auth: BrokerAuth, o: CanIDeployOptions): Promise<CanIDeployResult> {
  const args = [
    "can-i-deploy",
    "--pacticipant",
    o.pacticipant,
    ...(o.version ? ["--version", o.version] : []),
    ...(o.latest ? ["--latest"] : []),
    ...(o.branch ? ["--branch", o.branch] : []),
    ...(o.toEnvironment ? ["--to-environment", o.toEnvironment] : []),
    "--output",
    "json",
  ];
  const r = await runCli(args, auth, o.timeoutMs ?? 60_000);
  let parsed:
    | { summary?: { deployable?: boolean; reason?: string; success?: number; failed?: number; unknown?: number } }
    | undefined;
  try {
    parsed = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))) as typeof parsed;
  } catch {
    parsed = undefined;
  }
  if (typeof parsed?.summary?.deployable !== "boolean") throw explain(r, auth, "pact can-i-deploy");
  const { deployable, reason = "", ...counts } = parsed.summary;
  return { deployable: deployable === true, reason, summary: counts };
}
