import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { AdapterPort } from "./adapter.ts";
import { inProcessAdapter } from "./inprocess.ts";
import { stdioAdapter } from "./stdio.ts";

export type SdkTarget = { kind: "module"; file: string } | { kind: "command"; command: string };

const MODULE = /\.(ts|mts|js|mjs)$/;

/**
 * Reads an `--sdk` value: a TS/JS module (a file, or a folder with adapter.ts / adapter.js) is
 * loaded in process; anything else is a shell command speaking the stdio protocol.
 */
export function parseSdkTarget(value: string, cwd = process.cwd()): SdkTarget {
  const p = resolve(cwd, value);
  if (existsSync(p) && statSync(p).isDirectory()) {
    const file = ["adapter.ts", "adapter.mts", "adapter.js", "adapter.mjs"].map((f) => join(p, f)).find(existsSync);
    if (file) return { kind: "module", file };
  }
  if (MODULE.test(value) && existsSync(p) && statSync(p).isFile()) return { kind: "module", file: p };
  return { kind: "command", command: value };
}

/** Opens the adapter for an `--sdk` value. */
export function openSdkAdapter(value: string, opts: { cwd?: string; env?: Record<string, string> } = {}): AdapterPort {
  const t = parseSdkTarget(value);
  return t.kind === "module" ? inProcessAdapter(t.file) : stdioAdapter(t.command, opts);
}
