/**
 * Builds the package: `npm run build` (npm runs it as `prepare`, so `npm ci` in a clone and `npm pack` build too).
 * `--if-stale` (vitest's global setup) builds only when a source is newer than the last build, and emits
 * even when tsc reports type errors, which `tsc --noEmit` in `npm test` fails on anyway.
 *
 * - dist/src, dist/adapters: tsc's ES modules and .d.ts, one per source file, so data files and worker
 *   files keep their place relative to the module that reads them. Incremental: a second build is quick.
 * - dist/cjs: CommonJS bundles of the `.` and `./adapter` entries made from those modules, with
 *   `import.meta` pointing at the ES module each piece came from; `./vitest` defers to the ES module,
 *   since vitest itself cannot be loaded by require(). The .d.ts files are copied under dist/cjs, where
 *   a package.json says "commonjs", so TypeScript reads them as CommonJS declarations.
 */
import { spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { build, type Plugin } from "esbuild";

const ROOT = join(import.meta.dirname, "..");
const DIST = join(ROOT, "dist");
const CJS = join(DIST, "cjs");
/** Emitted trees and the source tree each mirrors. */
const TREES = ["src", "adapters/typescript"];
/** Written last: the time of the last complete build. */
const STAMP = join(DIST, ".built");
const NOT_BUILT = /\.test\.[cm]?[jt]s$|\.test-helper\.ts$|__fixtures__/;

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** Whether any input of the build changed since the last complete one. */
function stale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  const inputs = [
    ...TREES.flatMap((t) => files(join(ROOT, t))).filter((f) => !NOT_BUILT.test(f)),
    ...["package.json", "tsconfig.json", "tsconfig.build.json", "scripts/build.ts"].map((f) => join(ROOT, f)),
  ];
  return inputs.some((f) => statSync(f).mtimeMs > built);
}

function typescript(lenient: boolean): void {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], {
    stdio: "inherit",
    timeout: 300_000,
  });
  if (r.status === 0) return;
  if (lenient && r.status !== null) console.error("tsc reported type errors (above); dist/ was emitted anyway");
  else throw new Error(`tsc failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
}

/** Removes outputs whose source is gone (incremental tsc never deletes them). */
function prune(): void {
  for (const tree of TREES) {
    for (const out of files(join(DIST, tree))) {
      const rel = relative(DIST, out);
      // An output of tsc (x.ts → x.js, x.d.ts), or a file copied as it is (data, a plain .mjs worker).
      if (!existsSync(join(ROOT, rel.replace(/\.d\.ts$|\.js$/, ".ts"))) && !existsSync(join(ROOT, rel))) rmSync(out);
    }
  }
}

/** tsc keeps `./x.ts` in declarations; consumers resolve `./x.js` to `x.d.ts` without special options. */
function fixDeclarations(): void {
  for (const tree of TREES) {
    for (const file of files(join(DIST, tree)).filter((f) => f.endsWith(".d.ts"))) {
      const text = readFileSync(file, "utf8");
      const fixed = text.replace(/((?:from|import)\s*\(?\s*["'])(\.{1,2}\/[^"']*?)\.ts(["'])/g, "$1$2.js$3");
      if (fixed !== text) writeFileSync(file, fixed);
    }
  }
}

/** Files the modules read or start next to themselves: data (src/targets/protocol/*.json), plain JavaScript (a worker's bootstrap). */
function copyData(): void {
  for (const file of files(join(ROOT, "src")).filter((f) => /\.(json|js|mjs|cjs)$/.test(f) && !NOT_BUILT.test(f))) {
    const out = join(DIST, relative(ROOT, file));
    mkdirSync(dirname(out), { recursive: true });
    copyFileSync(file, out);
  }
}

/**
 * In a CommonJS bundle, `import.meta` of each bundled module becomes the location of that module's
 * ES twin in dist/, so `new URL("./x.js", import.meta.url)`, data read beside a module and
 * createRequire(import.meta.url) find what they find in the ES build.
 */
const importMetaOfTwin: Plugin = {
  name: "import-meta-of-twin",
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      const rel = JSON.stringify(relative(CJS, args.path).split("\\").join("/"));
      const text = readFileSync(args.path, "utf8")
        .replaceAll("import.meta.url", `__conformanceTwin.url(${rel})`)
        .replaceAll("import.meta.dirname", `__conformanceTwin.dirname(${rel})`)
        .replaceAll("import.meta.filename", `__conformanceTwin.filename(${rel})`);
      const left = text.match(/import\.meta\b.*/)?.[0];
      if (left) throw new Error(`${relative(ROOT, args.path)}: no CommonJS form for ${left.slice(0, 60)}`);
      return { contents: text, loader: "js" };
    });
  },
};

const TWIN_HELPER = `"use strict";
const __conformanceTwin = (() => {
  const path = require("node:path");
  const filename = (rel) => path.join(__dirname, rel);
  return { filename, dirname: (rel) => path.dirname(filename(rel)), url: (rel) => require("node:url").pathToFileURL(filename(rel)).href };
})();`;

async function commonjs(): Promise<void> {
  rmSync(CJS, { recursive: true, force: true });
  await build({
    entryPoints: { index: join(DIST, "src", "index.js"), adapter: join(DIST, "adapters", "typescript", "index.js") },
    outdir: CJS,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    packages: "external",
    // A user's adapter module may be ESM: import() stays import(), never require().
    supported: { "dynamic-import": true },
    plugins: [importMetaOfTwin],
    // Outside every bundled module's scope, so a module's own `require` binding cannot shadow it.
    banner: { js: TWIN_HELPER },
    logLevel: "warning",
  });
  writeFileSync(
    join(CJS, "vitest.js"),
    '"use strict";\n// vitest cannot be require()d, so this entry shares the ES module (and its vitest) through require(esm), Node >= 20.19.\nmodule.exports = require("../src/vitest/index.js");\n',
  );
  writeFileSync(join(CJS, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
  for (const tree of TREES) {
    for (const file of files(join(DIST, tree)).filter((f) => f.endsWith(".d.ts"))) {
      const out = join(CJS, relative(DIST, file));
      mkdirSync(dirname(out), { recursive: true });
      copyFileSync(file, out);
    }
  }
}

const ifStale = process.argv.includes("--if-stale");
if (!ifStale || stale()) {
  const started = Date.now();
  typescript(ifStale);
  prune();
  fixDeclarations();
  copyData();
  await commonjs();
  writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  console.log(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
