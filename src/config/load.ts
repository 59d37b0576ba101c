import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import { KIT_ROOT } from "../contracts/paths.ts";
import { InputError } from "../errors.ts";
import type { Endpoint } from "../targets/endpoints.ts";
import type { ServerEnvNames } from "../targets/server.ts";

/** The configuration file's content (schemas/config-v1.json). */
export interface Config {
  server?: { command?: string; url?: string; readyPath?: string; readyTimeoutMs?: number; envNames?: Partial<ServerEnvNames>; endpoints?: Endpoint[] };
}

export const DEFAULT_CONFIG_FILE = "conformance.config.json";

let validate: ReturnType<Ajv["compile"]> | undefined;

/** One line per problem, naming the key and how to fix it. */
function explain(e: ErrorObject): string {
  const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "(top level)";
  switch (e.keyword) {
    case "additionalProperties":
      return `unknown key "${e.instancePath ? `${at}.` : ""}${(e.params as { additionalProperty: string }).additionalProperty}": remove it or check its spelling (see schemas/config-v1.json)`;
    case "required":
      return `${at}: missing key "${(e.params as { missingProperty: string }).missingProperty}"`;
    case "type":
      return `${at} must be ${(e.params as { type: string }).type}`;
    case "enum":
      return `${at} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${at} ${e.message ?? e.keyword}`;
  }
}

/**
 * Reads and validates a config file. An explicitly named file must exist; the default
 * `conformance.config.json` is optional. Problems are InputErrors (exit 2) naming the key.
 */
export function loadConfig(file: string | undefined, cwd = process.cwd()): Config {
  const path = file ?? join(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(path)) {
    if (file) throw new InputError(file, "config file not found");
    return {};
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError(path, `not valid JSON (${(e as Error).message})`);
  }
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(join(KIT_ROOT, "schemas", "config-v1.json"), "utf8")));
  if (!validate(raw)) throw new InputError(path, (validate.errors ?? []).map(explain).join("; "));
  return raw as Config;
}
