import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import { SDK_CHECKS } from "../checks/run-checks.ts";

interface JsonResult {
  testResults: Array<{ assertionResults: Array<{ fullName: string; status: string; failureMessages: string[] }> }>;
}

/** Runs the fixture project's suite in a real vitest process, as an SDK repository would. */
function vitestRun(
  sdk: string,
): Promise<{ code: number | null; tests: Map<string, { status: string; message: string }> }> {
  const out = join(mkdtempSync(join(tmpdir(), "conformance-vitest-")), "result.json");
  return new Promise((done, fail) => {
    const child = execFile(
      process.execPath,
      [
        join(KIT_ROOT, "node_modules/vitest/vitest.mjs"),
        "run",
        "--root",
        join(KIT_ROOT, "fixtures/vitest-project"),
        "--reporter=json",
        `--outputFile=${out}`,
      ],
      { env: { ...process.env, CONFORMANCE_SDK: sdk, CI: "true" }, timeout: 120_000 },
      (err) => {
        try {
          const r = JSON.parse(readFileSync(out, "utf8")) as JsonResult;
          const tests = new Map(
            r.testResults
              .flatMap((f) => f.assertionResults)
              .map((a) => [a.fullName, { status: a.status, message: a.failureMessages.join("\n") }]),
          );
          done({ code: child.exitCode ?? (err ? 1 : 0), tests });
        } catch (e) {
          fail(new Error(`vitest wrote no result (${(e as Error).message}): ${err?.message ?? ""}`));
        }
      },
    );
  });
}

describe("conformance/vitest", () => {
  it("registers one passing test per operation × check for the reference SDK", async () => {
    const { code, tests } = await vitestRun("../sdk/reference");
    expect(tests.size).toBe(2 * SDK_CHECKS.length);
    const name = "conformance sdk ../sdk/reference client_get_api sdk.null-vs-absent";
    expect(tests.get(name)?.status).toBe("passed");
    expect([...tests.values()].filter((t) => t.status === "failed")).toEqual([]);
    expect(code).toBe(0);
  });

  it("fails exactly the broken check of a mutant, with the replay command", async () => {
    const { code, tests } = await vitestRun("../sdk/mutants/drops_null");
    const failed = [...tests].filter(([, t]) => t.status === "failed").map(([n]) => n);
    expect(failed).toEqual(["conformance sdk ../sdk/mutants/drops_null client_get_api sdk.null-vs-absent"]);
    expect(tests.get(failed[0]!)!.message).toMatch(/replay: npx conformance replay '?client_get_api~/);
    // One paragraph per cause: the fields the mutant drops are one defect.
    expect(tests.get(failed[0]!)!.message.match(/^sdk\.null-vs-absent on/gm)).toHaveLength(1);
    expect(code).toBe(1);
  });
});
