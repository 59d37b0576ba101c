import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { diffJson } from "../json/diff.ts";
import type { JsonValue } from "../json/lossless.ts";
import { buildContracts, type Drift } from "./build.ts";
import type { KnownDifference, LintWarning } from "./model.ts";
import { contractsDir, KIT_ROOT } from "./paths.ts";
import { indexOf } from "./store.ts";

export interface CheckResult {
  drift: Drift[];
  known: Array<KnownDifference & { operationId: string }>;
  lint: LintWarning[];
}

/**
 * Compares the committed contracts with a fresh build from the spec and facts files, and the
 * two sources with each other. Documented differences are listed, not counted as drift.
 */
export function checkContracts(opts: { specFile: string; factsFile: string; profile: string; root?: string }): CheckResult {
  const root = opts.root ?? KIT_ROOT;
  const fresh = buildContracts(opts.specFile, opts.factsFile, opts.profile);
  const drift: Drift[] = [...fresh.drift];
  const dir = contractsDir(opts.profile, root);
  const rel = (f: string) => f.slice(root.length + 1);
  const committed = new Set(existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5)) : []);
  for (const c of fresh.contracts) {
    const file = join(dir, `${c.operationId}.json`);
    if (!committed.has(c.operationId)) {
      drift.push({ operationId: c.operationId, source: "contracts", message: `${rel(file)} is missing: the spec has this operation` });
      continue;
    }
    committed.delete(c.operationId);
    const diffs = diffJson(JSON.parse(JSON.stringify(c)) as JsonValue, JSON.parse(readFileSync(file, "utf8")) as JsonValue, 20);
    for (const d of diffs) drift.push({ operationId: c.operationId, source: "contracts", message: `${rel(file)}${d.path}: ${describe(d)}` });
  }
  for (const extra of committed) drift.push({ operationId: extra, source: "contracts", message: `${rel(join(dir, `${extra}.json`))} has no operation in the spec` });
  const idxFile = join(root, "contracts", `${opts.profile}.profile.json`);
  const idx = existsSync(idxFile) ? (JSON.parse(readFileSync(idxFile, "utf8")) as JsonValue) : undefined;
  for (const d of diffJson(JSON.parse(JSON.stringify(indexOf(fresh))) as JsonValue, idx, 20)) {
    drift.push({ operationId: "(profile)", source: "contracts", message: `${rel(idxFile)}${d.path}: ${describe(d)}` });
  }
  const known = fresh.contracts.flatMap((c) => c.knownDifferences.map((k) => ({ operationId: c.operationId, ...k })));
  return { drift, known, lint: fresh.lint };
}

function describe(d: ReturnType<typeof diffJson>[number]): string {
  const show = (v: unknown) => (v === undefined ? "absent" : JSON.stringify(v).slice(0, 120));
  if (d.kind === "missing") return `fresh build has ${show(d.expected)}, committed file lacks it`;
  if (d.kind === "added") return `committed file has ${show(d.actual)}, fresh build lacks it`;
  return `committed ${show(d.actual)}, fresh build ${show(d.expected)}`;
}
