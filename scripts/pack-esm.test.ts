/** The packed kit in a fresh ES module project ("type": "module"): what the tarball holds, CLI, import, vitest, the README's adapter, tsc. */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { SDK_CHECKS } from "../src/checks/run-checks.ts";
import {
  expectExampleRunConforms,
  expectLibraryLoads,
  expectReadmeAdapterRuns,
  makeConsumer,
  packTarball,
  TSCONFIG,
  TYPED_USE,
  typeErrors,
  consumerVitest,
  type Consumer,
} from "./consumer.test-helper.ts";

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
    expectExampleRunConforms(c);
  });

  it("the README's TypeScript adapter runs as written", () => {
    expectReadmeAdapterRuns(c);
  });

  it("import gives the library and the adapter helper; tsx is not left registered", () => {
    expectLibraryLoads(c);
  });

  it("the vitest integration registers one passing test per check", () => {
    const v = consumerVitest(c);
    expect(v.counts).toEqual([SDK_CHECKS.length, SDK_CHECKS.length, 0]);
    expect(v.status).toBe(0);
  });

  it("the project's tsc finds no error in its use of the kit's types", () => {
    const r = c.run("npx", ["--no", "--", "tsc", "-p", "."], 240_000);
    expect(typeErrors(r)).toEqual([]);
  });
});
