/**
 * Reads an `--sdk` value. A TypeScript/JavaScript module (a `.ts`, `.mts`, `.js` or `.mjs` file,
 * or a folder holding `adapter.ts`) is loaded in process; `conformance:example` is the example
 * adapter the package ships (example/adapter.ts); anything else is a shell command that speaks
 * the stdio protocol. One module decides, so the CLI, the config file and replay agree.
 */
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { KIT_ROOT } from "../contracts/paths.ts";
import { UsageError } from "../errors.ts";
import { inProcessAdapter } from "./inprocess-adapter.ts";
import type { SdkAdapter } from "./sdk-adapter.ts";
import { stdioAdapter, type StdioOptions } from "./stdio-adapter.ts";

/** What an `--sdk` value names. */
export type SdkTargetSpec = { kind: "module"; file: string } | { kind: "command"; command: string };

/** Options of an SDK target; `cwd` applies to commands only (`--sdk-cwd`), `env` to both (`--sdk-env`). */
export type SdkTargetOptions = Pick<
  StdioOptions,
  "cwd" | "env" | "startTimeoutMs" | "maxRestarts" | "redact" | "timeoutMs"
>;

const MODULE = /\.(ts|mts|js|mjs)$/;
const FOLDER_ENTRIES = ["adapter.ts", "adapter.mts", "adapter.js", "adapter.mjs"];
/** Adapters the package ships, by the name `--sdk conformance:<name>` gives them. */
const BUNDLED: Record<string, string> = { example: join(KIT_ROOT, "example", "adapter.ts") };

/** Does `value` name an existing module file or adapter folder (spaces and all)? */
export function isModulePath(value: string, base = process.cwd()): boolean {
  const path = resolve(base, value.trim());
  if (!value.trim() || !existsSync(path)) return false;
  return statSync(path).isDirectory() || (MODULE.test(path) && statSync(path).isFile());
}

/**
 * Classifies an `--sdk` value. Paths are resolved against `base` (the directory the kit was run
 * from). A path that exists is a module, even with spaces in it: it is never run as a command.
 * A value that looks like a module path (no spaces, a module extension) but names no file is a
 * usage error rather than a command that would fail with "not found" later.
 */
export function parseSdkTarget(value: string, base = process.cwd()): SdkTargetSpec {
  const trimmed = value.trim();
  if (!trimmed) throw new UsageError("--sdk needs an adapter: a module path or a command");
  if (trimmed.startsWith("conformance:")) {
    const file = BUNDLED[trimmed.slice("conformance:".length)];
    if (!file)
      throw new UsageError(
        `--sdk ${trimmed}: the kit ships ${Object.keys(BUNDLED)
          .map((n) => `conformance:${n}`)
          .join(", ")}`,
      );
    return { kind: "module", file };
  }
  const path = resolve(base, trimmed);
  const isPath = !/\s/.test(trimmed) || isModulePath(trimmed, base);
  if (isPath && existsSync(path) && statSync(path).isDirectory()) {
    const file = FOLDER_ENTRIES.map((f) => join(path, f)).find(existsSync);
    if (!file) throw new UsageError(`--sdk ${trimmed}: the folder holds no ${FOLDER_ENTRIES.join(" / ")}`);
    return { kind: "module", file };
  }
  if (isPath && MODULE.test(trimmed)) {
    if (!existsSync(path)) throw new UsageError(`--sdk ${trimmed}: no such adapter module`);
    return { kind: "module", file: path };
  }
  return { kind: "command", command: value };
}

/** Opens (does not start) the adapter an `--sdk` value names. */
export function openSdkAdapter(value: string, opts: SdkTargetOptions = {}): SdkAdapter {
  const t = parseSdkTarget(value);
  if (t.kind === "module") {
    return inProcessAdapter(t.file, {
      ...(opts.startTimeoutMs !== undefined ? { startTimeoutMs: opts.startTimeoutMs } : {}),
      ...(opts.maxRestarts !== undefined ? { maxRestarts: opts.maxRestarts } : {}),
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.redact ? { redact: opts.redact } : {}),
      ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
    });
  }
  return stdioAdapter(t.command, opts);
}
