/** The built package (dist/, made by scripts/build.ts before the tests run) as plain Node loads it, without tsx. */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as adapterSource from "../adapters/typescript/index.ts";
import * as indexSource from "../src/index.ts";
import * as vitestSource from "../src/vitest/index.ts";

const ROOT = join(import.meta.dirname, "..");
const node = (args: string[]) =>
  execFileSync(process.execPath, args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, NODE_OPTIONS: "" },
  }).trim();
const keys = (m: object) => Object.keys(m).sort();

// What the entries print under plain Node: their runtime exports, and whether tsx was left registered.
const PROBE = `
  const entries = { index: kit, vitest, adapter };
  const exported = Object.fromEntries(Object.entries(entries).map(([k, m]) => [k, Object.keys(m).filter((n) => n !== "default").sort()]));
  const r = await kit.run({ sdk: "conformance:example", operations: ["auth_token_api"], runs: 5, variantRuns: 1, seed: 1, reportDir: false, config: false });
  let tsxLeft = true;
  try { await import(${JSON.stringify(join(ROOT, "example", "sdk.ts"))}); } catch (e) { tsxLeft = e.code !== "ERR_UNKNOWN_FILE_EXTENSION"; }
  console.log(JSON.stringify({ exported, verdict: r.report.summary.results, exitCode: r.exitCode, tsxLeft }));`;

describe("the built package under plain Node", () => {
  const sources = { index: keys(indexSource), vitest: keys(vitestSource), adapter: keys(adapterSource) };

  it.each([
    [
      "require",
      [
        "-e",
        `(async () => { const kit = require("authlete-conformance"), vitest = require("authlete-conformance/vitest"), adapter = require("authlete-conformance/adapter"); ${PROBE} })().catch((e) => { console.error(e); process.exit(1); })`,
      ],
    ],
    [
      "import",
      [
        "--input-type=module",
        "-e",
        `import * as kit from "authlete-conformance"; import * as vitest from "authlete-conformance/vitest"; import * as adapter from "authlete-conformance/adapter"; ${PROBE}`,
      ],
    ],
  ])(
    "%s: every entry exports what its source does, a run of the bundled example conforms, tsx stays unregistered",
    (_how, args) => {
      const out = JSON.parse(node(args)) as {
        exported: typeof sources;
        verdict: { pass?: number; fail?: number; error?: number };
        exitCode: number;
        tsxLeft: boolean;
      };
      expect(out.exported).toEqual(sources);
      expect(out.verdict.pass, JSON.stringify(out.verdict)).toBeGreaterThan(0);
      expect([out.verdict.fail ?? 0, out.verdict.error ?? 0]).toEqual([0, 0]);
      expect(out.exitCode).toBe(0);
      expect(out.tsxLeft).toBe(false);
    },
  );

  it("declarations import .js files, so a consumer's tsc needs no allowImportingTsExtensions", () => {
    const declarations = readdirSync(join(ROOT, "dist"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.endsWith(".d.ts"),
    );
    expect(declarations.length).toBeGreaterThan(50);
    const withTs = declarations.filter((f) =>
      /from\s+["']\.{1,2}\/[^"']*\.ts["']/.test(readFileSync(join(ROOT, "dist", f), "utf8")),
    );
    expect(withTs).toEqual([]);
  });

  it("files the modules read or start beside themselves are copied beside the built modules", () => {
    const assets = readdirSync(join(ROOT, "src"), { recursive: true, encoding: "utf8" }).filter(
      (f) => /\.(json|js|mjs|cjs)$/.test(f) && !/\.test\.|__fixtures__/.test(f),
    );
    expect(assets).toContain(join("targets", "protocol", "v1.json"));
    expect(assets.filter((f) => !existsSync(join(ROOT, "dist", "src", f)))).toEqual([]);
  });
});
