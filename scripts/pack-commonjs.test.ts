/** The packed kit in a fresh CommonJS project (what `npm init -y` makes): CLI, require(), vitest, the README's adapter, tsc. */
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

const SUITE = (load: string, operation: string) => `${load}
conformanceSuite({ sdk: "conformance:example", config: false, operations: ["${operation}"], runs: 10, variantRuns: 1, seed: 3 });
`;

// Plain CommonJS: require() the entries, run the example, then check tsx was not left registered.
const LIBRARY = `const { run, loadProfile } = require("authlete-conformance");
const { defineAdapter } = require("authlete-conformance/adapter");
(async () => {
  const r = await run({ sdk: "conformance:example", operations: ["auth_token_api"], runs: 5, variantRuns: 1, seed: 2, reportDir: false, config: false });
  let tsxLeft = true;
  try { await import("./conformance/adapter.ts"); } catch (e) { tsxLeft = e.code !== "ERR_UNKNOWN_FILE_EXTENSION"; }
  console.log(JSON.stringify({ contracts: loadProfile("authlete-3.0.16").contracts.length, defineAdapter: typeof defineAdapter, exitCode: r.exitCode, results: r.report.summary.results, tsxLeft }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe("the packed kit in a CommonJS project", () => {
  let c: Consumer;
  beforeAll(() => {
    c = makeConsumer("commonjs", packTarball(), {
      "tsconfig.json": TSCONFIG,
      "typed.ts": TYPED_USE,
      "library.js": LIBRARY,
      "import.test.ts": SUITE('import { conformanceSuite } from "authlete-conformance/vitest";', "auth_token_api"),
      "require.test.cjs": SUITE(
        'const { conformanceSuite } = require("authlete-conformance/vitest");',
        "auth_introspection_api",
      ),
    });
    expect(JSON.parse(readFileSync(join(c.dir, "package.json"), "utf8"))).toMatchObject({ type: "commonjs" });
  }, 420_000);

  it("npx conformance run --sdk conformance:example conforms and writes the reports", () => {
    expectExampleRunConforms(c);
  });

  it("the README's TypeScript adapter runs as written, compiled to CommonJS", () => {
    expectReadmeAdapterRuns(c);
  });

  it("require() gives the library and the adapter helper; tsx is not left registered", () => {
    expectLibraryLoads(c);
  });

  it("the vitest integration, loaded with import and with require, registers one passing test per check", () => {
    const v = consumerVitest(c);
    expect(v.counts).toEqual([2 * SDK_CHECKS.length, 2 * SDK_CHECKS.length, 0]);
    expect(v.status).toBe(0);
  });

  it("the project's tsc finds no error in its use of the kit's types", () => {
    const r = c.run("npx", ["--no", "--", "tsc", "-p", "."], 240_000);
    expect(typeErrors(r)).toEqual([]);
  });
});
