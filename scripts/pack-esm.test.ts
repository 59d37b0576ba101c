/** The packed kit in a fresh ES module project ("type": "module"): what the tarball holds, CLI, import, vitest, the README's adapter, tsc. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SDK_CHECKS } from "../src/checks/run-checks.ts";
import type { Report } from "../src/report/model.ts";
import { makeConsumer, packTarball, TSCONFIG, TYPED_USE, typeErrors, type Consumer } from "./consumer.test-helper.ts";

const LIBRARY = `import { run, loadProfile } from "authlete-conformance";
import { defineAdapter } from "authlete-conformance/adapter";
const r = await run({ sdk: "conformance:example", operations: ["auth_token_api"], runs: 5, variantRuns: 1, seed: 2, reportDir: false, config: false });
let tsxLeft = true;
try { await import("./conformance/adapter.ts"); } catch (e) { tsxLeft = e.code !== "ERR_UNKNOWN_FILE_EXTENSION"; }
console.log(JSON.stringify({ contracts: loadProfile("authlete-3.0.16").contracts.length, defineAdapter: typeof defineAdapter, exitCode: r.exitCode, results: r.report.summary.results, tsxLeft }));
`;

const SUITE = `import { conformanceSuite } from "authlete-conformance/vitest";
conformanceSuite({ sdk: "conformance:example", config: false, operations: ["auth_userinfo_api"], runs: 10, variantRuns: 1, seed: 3 });
`;

describe("the packed kit in an ES module project", () => {
  let tarball: string;
  let c: Consumer;
  beforeAll(() => {
    tarball = packTarball();
    c = makeConsumer("module", tarball, {
      "tsconfig.json": TSCONFIG,
      "typed.ts": TYPED_USE,
      "library.js": LIBRARY,
      "conformance.test.ts": SUITE,
    });
    expect(JSON.parse(readFileSync(join(c.dir, "package.json"), "utf8"))).toMatchObject({ type: "module" });
  }, 420_000);

  it("the tarball holds the built entries, the data they read, the example and the action, and no sources or tests", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8", timeout: 30_000 })
      .split("\n")
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ""));
    for (const f of [
      "bin/conformance.js",
      "dist/src/index.js",
      "dist/src/index.d.ts",
      "dist/cjs/index.js",
      "dist/cjs/src/index.d.ts",
      "dist/cjs/vitest.js",
      "dist/cjs/adapter.js",
      "dist/adapters/typescript/index.d.ts",
      "dist/src/targets/protocol/v1.json",
      "schemas/config-v1.json",
      "contracts/authlete-3.0.16.profile.json",
      "example/adapter.ts",
      "example/sdk.ts",
      "action.yml",
      "README.md",
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /\.test\.|test-helper|__fixtures__|^src\/|^fixtures\/|tsbuildinfo/.test(f))).toEqual([]);
  });

  it("npx conformance run --sdk conformance:example conforms and writes the reports", () => {
    const r = c.run("npx", ["--no", "--", "conformance", "run", "--sdk", "conformance:example"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\nCONFORMS/);
    const report = JSON.parse(readFileSync(join(c.dir, "reports", "conformance-report.json"), "utf8")) as Report;
    expect([report.complete, report.summary.results.fail ?? 0, (report.summary.results.pass ?? 0) > 0]).toEqual([
      true,
      0,
      true,
    ]);
  });

  it("the README's TypeScript adapter runs as written", () => {
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
  });

  it("import gives the library and the adapter helper; tsx is not left registered", () => {
    const r = c.run(process.execPath, ["library.js"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      contracts: 84,
      defineAdapter: "function",
      exitCode: 0,
      results: { pass: expect.any(Number) },
      tsxLeft: false,
    });
  });

  it("the vitest integration registers one passing test per check", () => {
    const r = c.run("npx", ["--no", "--", "vitest", "run", "--reporter=json", "--outputFile=vitest.json"], 240_000);
    const result = JSON.parse(readFileSync(join(c.dir, "vitest.json"), "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      numTotalTests: number;
    };
    expect([result.numTotalTests, result.numPassedTests, result.numFailedTests]).toEqual([
      SDK_CHECKS.length,
      SDK_CHECKS.length,
      0,
    ]);
    expect(r.status).toBe(0);
  });

  it("the project's tsc finds no error in its use of the kit's types", () => {
    const r = c.run("npx", ["--no", "--", "tsc", "-p", "."], 240_000);
    expect(typeErrors(r)).toEqual([]);
  });
});
