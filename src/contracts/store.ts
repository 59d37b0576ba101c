import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { InputError, UsageError } from "../errors.ts";
import type { BuildResult } from "./build.ts";
import { CONTRACT_FORMAT, type Contract, type LintWarning } from "./model.ts";
import { contractsDir, KIT_ROOT } from "./paths.ts";

/** What `contracts/<profile>.profile.json` holds beside the per-operation files. */
export interface ProfileIndex {
  format: typeof CONTRACT_FORMAT;
  profile: string;
  specVersion: string;
  /** Operation ids in spec order. */
  operations: string[];
  lint: LintWarning[];
}

export interface LoadedProfile extends ProfileIndex {
  contracts: Contract[];
  byId: Map<string, Contract>;
}

/** Stable text: two-space JSON with a final newline, so diffs stay small. */
export const toFileText = (x: unknown): string => `${JSON.stringify(x, null, 2)}\n`;

export function indexOf(result: BuildResult): ProfileIndex {
  return { format: CONTRACT_FORMAT, profile: result.profile, specVersion: result.specVersion, operations: result.contracts.map((c) => c.operationId), lint: result.lint };
}

/** Writes a build into `contracts/`, replacing the profile's folder. Returns the files written. */
export function writeContracts(result: BuildResult, root = KIT_ROOT): string[] {
  const dir = contractsDir(result.profile, root);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = result.contracts.map((c) => {
    const f = join(dir, `${c.operationId}.json`);
    writeFileSync(f, toFileText(c));
    return f;
  });
  const idx = join(root, "contracts", `${result.profile}.profile.json`);
  writeFileSync(idx, toFileText(indexOf(result)));
  return [idx, ...files];
}

const cache = new Map<string, LoadedProfile>();

/** Loads a committed profile (cached per process). */
export function loadProfile(profile: string, root = KIT_ROOT): LoadedProfile {
  const key = `${root}|${profile}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const idxFile = join(root, "contracts", `${profile}.profile.json`);
  if (!existsSync(idxFile)) {
    const known = existsSync(join(root, "contracts")) ? readdirSync(join(root, "contracts")).filter((f) => f.endsWith(".profile.json")).map((f) => f.replace(/\.profile\.json$/, "")) : [];
    throw new UsageError(`unknown profile "${profile}"${known.length ? ` (known: ${known.join(", ")})` : ""}`);
  }
  const index = readJson(idxFile) as ProfileIndex;
  if (index.format !== CONTRACT_FORMAT) throw new InputError(idxFile, `contract format ${index.format} is not supported (expected ${CONTRACT_FORMAT}); run "conformance contracts build"`);
  const dir = contractsDir(profile, root);
  const contracts = index.operations.map((id) => readJson(join(dir, `${id}.json`)) as Contract);
  const loaded: LoadedProfile = { ...index, contracts, byId: new Map(contracts.map((c) => [c.operationId, c])) };
  cache.set(key, loaded);
  return loaded;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(file, (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `not valid JSON (${(e as Error).message})`);
  }
}

/** Resolves `--operations a,b` against a profile, with a clear error for unknown names. */
export function selectOperations(p: LoadedProfile, names?: string[]): Contract[] {
  if (!names?.length) return p.contracts;
  const unknown = names.filter((n) => !p.byId.has(n));
  if (unknown.length) throw new UsageError(`unknown operation${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} in profile ${p.profile}`);
  // Profile order whatever order they were named in: reports (and merged shards) stay canonical.
  const wanted = new Set(names);
  return p.contracts.filter((c) => wanted.has(c.operationId));
}
