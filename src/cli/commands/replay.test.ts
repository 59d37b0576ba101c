import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "shell-quote";
import { shellWord } from "../../run/replay-command.ts";
import { cli } from "../run-cli.test-helper.ts";

describe("conformance replay", () => {
  it("re-runs a failure from a report, and the same case passes against the reference", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-replay-"));
    const run = await cli(
      "run",
      "--sdk",
      "fixtures/sdk/mutants/int64_through_number",
      "--operations",
      "auth_token_api",
      "--runs",
      "20",
      "--seed",
      "3",
      "--report-dir",
      dir,
      "--quiet",
    );
    expect(run.code).toBe(1);
    const { failures } = JSON.parse(
      (await import("node:fs")).readFileSync(join(dir, "conformance-report.json"), "utf8"),
    ) as { failures: Array<{ caseId: string; replay: string }> };
    const id = failures[0]!.caseId;
    // Shell-quoted: a case id holds "*" and "~", which shells would expand.
    expect(failures[0]!.replay).toBe(
      `npx conformance replay ${shellWord(id)} --sdk fixtures/sdk/mutants/int64_through_number`,
    );
    expect(parse(failures[0]!.replay)).toEqual([
      "npx",
      "conformance",
      "replay",
      id,
      "--sdk",
      "fixtures/sdk/mutants/int64_through_number",
    ]);
    // The report names the case; the target comes from the command line, never from the report.
    const again = await cli(
      "replay",
      `${join(dir, "conformance-report.json")}#${id}`,
      "--sdk",
      "fixtures/sdk/mutants/int64_through_number",
    );
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/FAIL {2}sdk\.int64-exact/);
    expect(again.out).toMatch(/^request body: \{/m);
    const fixed = await cli("replay", id, "--sdk", "fixtures/sdk/reference");
    expect(fixed.code).toBe(0);
    expect(fixed.out).toMatch(/PASS {2}sdk\.int64-exact/);
  });

  it("replays a deviation with its control first, and never runs a target named by a report", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-replay-"));
    const file = join(dir, "report.json");
    (await import("node:fs")).writeFileSync(
      file,
      JSON.stringify({
        target: { kind: "sdk", spec: "touch /tmp/conformance-replay-should-not-exist" },
        profile: "authlete-3.0.16",
      }),
    );
    // A report is data, validated before use: one that is not a report is refused as such.
    const invalid = await cli("replay", `${file}#auth_token_api~coverage~0`);
    expect([invalid.code, invalid.err]).toEqual([2, expect.stringMatching(/not a conformance report/)]);
    // A valid report names the case; its target command is never run: the target comes from here.
    const valid = join(dir, "conformance-report.json");
    const { readFileSync, writeFileSync } = await import("node:fs");
    const r0 = await cli(
      "run",
      "--sdk",
      "fixtures/sdk/reference",
      "--operations",
      "auth_token_api",
      "--runs",
      "1",
      "--variant-runs",
      "0",
      "--seed",
      "1",
      "--report-dir",
      dir,
      "--format",
      "json",
      "--quiet",
    );
    expect(r0.code).toBe(0);
    const doctored = JSON.parse(readFileSync(valid, "utf8")) as { target: { spec: string } };
    doctored.target.spec = "touch /tmp/conformance-replay-should-not-exist";
    writeFileSync(valid, JSON.stringify(doctored));
    const refused = await cli("replay", `${valid}#auth_token_api~coverage~0`);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/never run/);
    expect((await import("node:fs")).existsSync("/tmp/conformance-replay-should-not-exist")).toBe(false);
    const r = await cli("replay", "auth_token_api~unknown-field~*~5~0", "--sdk", "fixtures/sdk/multi/typescript");
    expect(r.out).toMatch(
      /^control auth_token_api~unknown-field~\*~5~0~control \(the same body without the deviation\):/m,
    );
  });

  it.each([
    [["replay"], /missing <case-id>/],
    [["replay", "auth_token_api~coverage~0"], /missing --sdk/],
    [["replay", "nope_api~coverage~0", "--sdk", "fixtures/sdk/reference"], /names no operation/],
    [["replay", "auth_token_api~coverage~999", "--sdk", "fixtures/sdk/reference"], /coverage case 999 does not exist/],
    [["replay", "missing.json#x"], /report missing\.json not found/],
    [
      [
        "replay",
        "auth_token_api~coverage~0",
        "--sdk",
        "fixtures/sdk/reference",
        "--sdk-env",
        "CONFORMANCE_SURELY_UNSET_42",
      ],
      /no such variable in this environment/,
    ],
  ])("%j is a usage error", async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
  });
});
