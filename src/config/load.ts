import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { KIT_ROOT } from "../contracts/paths.ts";
import { InputError } from "../errors.ts";
import { JsonInputError, readJsonFile } from "../json/read.ts";
import type { Endpoint } from "../targets/endpoints.ts";
import type { ServerEnvNames } from "../targets/server.ts";

export type CheckLevel = "off" | "warn" | "fail";
export type ReportFormat = "json" | "junit" | "md" | "html";
export const REPORT_FORMATS: readonly ReportFormat[] = ["json", "junit", "md", "html"];

/** The configuration file's content (schemas/config-v1.json). Paths in it are relative to the file. */
export interface Config {
  profile?: string;
  sdk?: { adapter: string; cwd?: string; env?: Record<string, string>; readyTimeoutMs?: number };
  server?: {
    command?: string;
    url?: string;
    cwd?: string;
    env?: Record<string, string>;
    readyPath?: string;
    readyTimeoutMs?: number;
    envNames?: Partial<ServerEnvNames>;
    endpoints?: Endpoint[];
  };
  operations?: string[];
  runs?: number;
  variantRuns?: number;
  seed?: number;
  timeoutMs?: number;
  concurrency?: number;
  strict?: boolean;
  checks?: Record<string, CheckLevel>;
  report?: { dir?: string; formats?: ReportFormat[] };
  baseline?: string;
  /** Extra patterns to redact (regex sources). */
  redact?: string[];
  pact?: {
    consumer?: string;
    provider?: string;
    dir?: string;
    brokerUrl?: string;
    brokerTokenEnv?: string;
    brokerUsernameEnv?: string;
    brokerPasswordEnv?: string;
    consumerVersion?: string;
    branch?: string;
    tags?: string[];
  };
}

export const DEFAULT_CONFIG_FILE = "conformance.config.json";
/** A config file is small and shallow: larger or deeper ones are refused unread (a byte-order mark is fine). */
export const CONFIG_LIMITS = { maxBytes: 1024 * 1024, maxDepth: 32 };
const SCHEMA_FILE = join(KIT_ROOT, "schemas", "config-v1.json");

/** Keys people reach for that hold secrets or moved: say where the setting lives instead. */
const MOVED: Record<string, string> = {
  "pact.brokerToken":
    'never put the token in the file: set it in an environment variable and name that variable in "pact.brokerTokenEnv"',
  "pact.brokerPassword":
    'never put the password in the file: name its environment variable in "pact.brokerPasswordEnv"',
  sdkCwd: 'use "sdk": {"cwd": ...}',
  reportDir: 'use "report": {"dir": ...}',
  formats: 'use "report": {"formats": [...]}',
  format: 'use "report": {"formats": [...]}',
  timeout: 'use "timeoutMs" (milliseconds)',
};

let validate: ReturnType<Ajv["compile"]> | undefined;

/** Edit distance, for "did you mean" on misspelt keys. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length]!;
}

const jsonOf = (v: unknown) => (JSON.stringify(v) ?? String(v)).slice(0, 60);

/** One line per problem: the key, what is wrong, and how to fix it. */
export function explain(e: ErrorObject): string {
  const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "";
  const key = at || "(top level)";
  switch (e.keyword) {
    case "additionalProperties": {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const full = at ? `${at}.${name}` : name;
      if (MOVED[full]) return `unknown key "${full}": ${MOVED[full]}`;
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {}).filter(
        (k) => k !== "$schema",
      );
      const near = known.filter((k) => distance(k, name) <= Math.max(1, Math.floor(name.length / 3)));
      return `unknown key "${full}": ${near.length ? `did you mean "${near[0]}"?` : `remove it (allowed here: ${known.join(", ")})`}`;
    }
    case "required":
      return `${key}: missing key "${(e.params as { missingProperty: string }).missingProperty}"`;
    case "type":
      return `${key} must be ${(e.params as { type: string }).type}, got ${jsonOf(e.data)}${(e.params as { type: string }).type === "integer" && typeof e.data === "string" && /^\d+$/.test(e.data) ? ` (write ${e.data} without quotes)` : ""}`;
    case "enum":
      return `${key} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}, got ${jsonOf(e.data)}`;
    case "minimum":
    case "maximum":
      return `${key} must be ${e.keyword === "minimum" ? "≥" : "≤"} ${(e.params as { limit: number }).limit}, got ${jsonOf(e.data)}`;
    case "pattern":
      return `${key} must match ${(e.params as { pattern: string }).pattern}, got ${jsonOf(e.data)}${at === "server.url" ? " (a loopback http URL: 127.0.0.1, localhost or [::1])" : ""}`;
    case "propertyNames":
      return `${key}: ${jsonOf((e.params as { propertyName: string }).propertyName)} is not a valid key here`;
    default:
      return `${key} ${e.message ?? e.keyword}`;
  }
}

/**
 * Reads and validates a config file. An explicitly named file must exist; the default
 * `conformance.config.json` in `cwd` is optional. Problems are InputErrors (exit 2) naming the
 * key and the fix. Relative paths in the file are resolved against the file's folder.
 */
export function loadConfig(file: string | undefined, cwd = process.cwd()): Config {
  const path = file ? resolve(cwd, file) : join(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (file) throw new InputError(file, "config file not found");
    return {};
  }
  let raw: unknown;
  try {
    raw = readJsonFile(path, CONFIG_LIMITS);
  } catch (e) {
    if (e instanceof JsonInputError) throw new InputError(path, e.message);
    throw e;
  }
  validate ??= new Ajv({ allErrors: true, strict: false, verbose: true }).compile(
    JSON.parse(readFileSync(SCHEMA_FILE, "utf8")),
  );
  if (!validate(raw)) {
    // propertyNames failures come with a redundant generic line; keep the specific ones.
    const lines = [
      ...new Set((validate.errors ?? []).filter((e) => !(e.keyword === "pattern" && e.propertyName)).map(explain)),
    ];
    throw new InputError(path, lines.join("; "));
  }
  return relativeTo(raw as Config, dirname(path));
}

/** Paths in a config file mean "next to the file", wherever the kit is run from. */
function relativeTo(c: Config, dir: string): Config {
  const at = (p: string | undefined) => (p === undefined ? undefined : resolve(dir, p));
  const out: Config = { ...c };
  if (c.sdk) {
    // A module adapter (a path that exists next to the file) is a path too; a command is left alone.
    // A path with spaces that exists is still a module (never run as a command).
    const p = resolve(dir, c.sdk.adapter);
    const adapter =
      existsSync(p) && (!/\s/.test(c.sdk.adapter) || /\.(ts|mts|js|mjs)$/.test(p) || statSync(p).isDirectory())
        ? p
        : c.sdk.adapter;
    out.sdk = { ...c.sdk, adapter, ...(c.sdk.cwd ? { cwd: at(c.sdk.cwd)! } : {}) };
  }
  if (c.server?.cwd) out.server = { ...c.server, cwd: at(c.server.cwd)! };
  if (c.report?.dir) out.report = { ...c.report, dir: at(c.report.dir)! };
  if (c.baseline) out.baseline = at(c.baseline)!;
  if (c.pact?.dir) out.pact = { ...c.pact, dir: at(c.pact.dir)! };
  return out;
}
