import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../run-cli.test-helper.ts";

describe("conformance replay", () => {
  it("re-runs a failure from a report, and the same case passes against the reference", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-replay-"));
    const run = await cli("run", "--sdk", "fixtures/sdk/mutants/int64_through_number", "--operations", "auth_token_api", "--runs", "20", "--seed", "3", "--report-dir", dir, "--quiet");
    expect(run.code).toBe(1);
    const { failures } = JSON.parse((await import("node:fs")).readFileSync(join(dir, "conformance-report.json"), "utf8")) as { failures: Array<{ caseId: string; replay: string }> };
    const id = failures[0]!.caseId;
    expect(failures[0]!.replay).toBe(`npx conformance replay ${id} --sdk "fixtures/sdk/mutants/int64_through_number"`);
    const again = await cli("replay", `${join(dir, "conformance-report.json")}#${id}`);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/FAIL  sdk\.int64-exact/);
    const fixed = await cli("replay", id, "--sdk", "fixtures/sdk/reference");
    expect(fixed.code).toBe(0);
    expect(fixed.out).toMatch(/PASS  sdk\.int64-exact/);
  });

  it.each([
    [["replay"], /missing <case-id>/],
    [["replay", "auth_token_api~coverage~0"], /missing --sdk/],
    [["replay", "nope_api~coverage~0", "--sdk", "fixtures/sdk/reference"], /names no operation/],
    [["replay", "auth_token_api~coverage~999", "--sdk", "fixtures/sdk/reference"], /coverage case 999 does not exist/],
    [["replay", "missing.json#x"], /report missing\.json not found/],
  ])("%j is a usage error", async (argv, message) => {
    const r = await cli(...(argv as string[]));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
