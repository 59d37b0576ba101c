/**
 * A fresh project that installs the kit from its `npm pack` tarball, as a user's project would:
 * `npm init -y` (CommonJS) or the same with "type": "module". It also gets the README's TypeScript
 * adapter, the SDK that adapter names (`my-authlete-sdk`: the example SDK the package ships), vitest,
 * TypeScript and Node's types. Installs use the local npm cache first; every command is bounded.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { Report } from "../src/report/model.ts";

const ROOT = join(import.meta.dirname, "..");
const version = (pkg: string) =>
  (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;

/** The environment of a user's shell: nothing of the npm script or the vitest run this test runs in. */
function userEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NODE_OPTIONS$|INIT_CWD$|TEST$)/i.test(k)),
  );
  return { ...env, PACT_DO_NOT_TRACK: "true", NODE_ENV: "" };
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function exec(command: string, args: string[], cwd: string, timeoutMs: number): Run {
  const r: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd,
    env: userEnv(),
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    killSignal: "SIGKILL",
  });
  if (r.error) throw new Error(`${command} ${args.join(" ")}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run, what: string): Run {
  if (r.status !== 0)
    throw new Error(`${what} exited ${r.status}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r;
}

/** `npm pack` of the built kit (dist/ is made by the global setup), into a fresh folder; the tarball's path. */
export function packTarball(): string {
  const dest = mkdtempSync(join(tmpdir(), "conformance-pack-"));
  ok(exec("npm", ["pack", "--ignore-scripts", "--pack-destination", dest], ROOT, 120_000), "npm pack");
  const [file] = readdirSync(dest).filter((f) => f.endsWith(".tgz"));
  if (!file) throw new Error(`npm pack wrote no tarball to ${dest}`);
  return join(dest, file);
}

/** The README's TypeScript adapter, exactly as printed. */
export function readmeAdapter(): string {
  const block = readFileSync(join(ROOT, "README.md"), "utf8").match(
    /```ts\n(\/\/ conformance\/adapter\.ts\n[\s\S]*?)```/,
  )?.[1];
  if (!block) throw new Error("README.md has no ```ts block starting with // conformance/adapter.ts");
  return block;
}

export interface Consumer {
  dir: string;
  /** Runs a command in the project, bounded; throws only when it cannot start. */
  run(command: string, args: string[], timeoutMs?: number): Run;
}

/** A fresh project of `kind` with the tarball installed; `files` are written into it afterwards. */
export function makeConsumer(kind: "commonjs" | "module", tarball: string, files: Record<string, string>): Consumer {
  const dir = mkdtempSync(join(tmpdir(), `conformance-consumer-${kind}-`));
  ok(exec("npm", ["init", "-y"], dir, 60_000), "npm init -y");
  if (kind === "module") ok(exec("npm", ["pkg", "set", "type=module"], dir, 60_000), "npm pkg set type=module");
  const sdk = join(dir, "vendor", "my-authlete-sdk");
  mkdirSync(sdk, { recursive: true });
  writeFileSync(
    join(sdk, "package.json"),
    `${JSON.stringify({ name: "my-authlete-sdk", version: "1.0.0", main: "index.ts" })}\n`,
  );
  copyFileSync(join(ROOT, "example", "sdk.ts"), join(sdk, "index.ts"));
  const deps = [
    tarball,
    "./vendor/my-authlete-sdk",
    `vitest@${version("vitest")}`,
    `typescript@${version("typescript")}`,
    `@types/node@${version("@types/node")}`,
  ];
  ok(
    exec("npm", ["install", ...deps, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], dir, 300_000),
    "npm install",
  );
  for (const [name, text] of Object.entries({ "conformance/adapter.ts": readmeAdapter(), ...files })) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return { dir, run: (command, args, timeoutMs = 120_000) => exec(command, args, dir, timeoutMs) };
}

/** What a consumer's `tsc` says about its own files and the kit's types (other packages' declarations are theirs). */
export function typeErrors(r: Run): string[] {
  return `${r.stdout}\n${r.stderr}`
    .split("\n")
    .filter((l) => /error TS\d+/.test(l))
    .filter((l) => !l.startsWith("node_modules/") || l.startsWith("node_modules/authlete-conformance/"));
}

/** The consumer's tsconfig: strict, and the kit's declarations checked too (skipLibCheck off). */
export const TSCONFIG = `${JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, noEmit: true, types: ["node"] }, include: ["conformance", "*.ts"] }, null, 2)}\n`;

/** A typed use of the library and adapter entries; the @ts-expect-error lines fail tsc if the types were `any`. */
export const TYPED_USE = `import { run, type ConformanceOptions, type Report } from "authlete-conformance";
import { defineAdapter } from "authlete-conformance/adapter";
import { conformanceSuite } from "authlete-conformance/vitest";

const options: ConformanceOptions = { sdk: "conformance:example", runs: 5 };
export const report: Promise<Report> = run(options).then((r) => r.report);
export const suite: typeof conformanceSuite = conformanceSuite;
// @ts-expect-error runs is a number
export const wrong: ConformanceOptions = { sdk: "x", runs: "many" };
// @ts-expect-error an adapter is defined by an object
export const notAnAdapter = defineAdapter(42);
`;

/** `npx conformance run --sdk conformance:example` in the consumer: exit 0, CONFORMS, a complete report with passes. */
export function expectExampleRunConforms(c: Consumer): void {
  const r = c.run("npx", ["--no", "--", "conformance", "run", "--sdk", "conformance:example"]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/\nCONFORMS/);
  const report = JSON.parse(readFileSync(join(c.dir, "reports", "conformance-report.json"), "utf8")) as Report;
  expect([report.complete, report.summary.results.fail ?? 0, (report.summary.results.pass ?? 0) > 0]).toEqual([
    true,
    0,
    true,
  ]);
}

/** The README's TypeScript adapter (written to conformance/adapter.ts) runs on two operations with no failure. */
export function expectReadmeAdapterRuns(c: Consumer): void {
  const r = c.run("npx", [
    "--no",
    "--",
    "conformance",
    "run",
    "--sdk",
    "conformance/adapter.ts",
    "--operations",
    "auth_authorization_api,auth_token_api",
    "--runs",
    "10",
    "--seed",
    "4",
    "--report-dir",
    "readme-reports",
  ]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout).toMatch(/2 operations, \d+ cases: \d+ pass, 0 fail/);
}

/** library.js in the consumer: the library and adapter helper load, a run passes, tsx is not left registered. */
export function expectLibraryLoads(c: Consumer): void {
  const r = c.run(process.execPath, ["library.js"]);
  expect(r.status, r.stderr).toBe(0);
  expect(JSON.parse(r.stdout)).toMatchObject({
    contracts: 84,
    defineAdapter: "function",
    exitCode: 0,
    results: { pass: expect.any(Number) },
    tsxLeft: false,
  });
}

/** The consumer's own vitest run: its exit status, and [total, passed, failed] tests. */
export function consumerVitest(c: Consumer): { status: number | null; counts: [number, number, number] } {
  const r = c.run("npx", ["--no", "--", "vitest", "run", "--reporter=json", "--outputFile=vitest.json"], 240_000);
  const result = JSON.parse(readFileSync(join(c.dir, "vitest.json"), "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numTotalTests: number;
  };
  return { status: r.status, counts: [result.numTotalTests, result.numPassedTests, result.numFailedTests] };
}
