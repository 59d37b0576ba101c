import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import { failure, operation, report } from "./report.test-helper.ts";
import { readReport, reportProblem } from "./validate.ts";

const shard = (index: number, extra: object = {}) => ({
  ...report([failure({ check: "sdk.decodes", operationId: "auth_token_api", fingerprint: "aaaa0001" })], {
    shard: { index, total: 2 },
    operations: [operation("auth_token_api")],
  }),
  ...extra,
});
const file = (content: unknown) => {
  const f = join(mkdtempSync(join(tmpdir(), "conformance-report-")), "r.json");
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
  return f;
};

describe("reports read back are validated against the report schema", () => {
  it("accepts the kit's own reports", () => {
    expect(reportProblem(shard(1))).toBeUndefined();
    expect(readReport(file(`\uFEFF${JSON.stringify(shard(1))}`)).seed).toBe(7);
  });

  it.each([
    ["a seed holding markup", shard(1, { seed: "<img src=x onerror=alert(1)>" }), /\/seed must be integer/],
    ["a profile that is a path", shard(1, { profile: "../../etc" }), /\/profile must match pattern/],
    ["a failure that is null", shard(1, { failures: [null] }), /\/failures\/0 must be object/],
    [
      "a fingerprint that is no fingerprint",
      shard(1, { failures: [failure({ check: "sdk.decodes", operationId: "auth_token_api", fingerprint: "<b>" })] }),
      /\/failures\/0\/fingerprint must match/,
    ],
    [
      "an exit code it cannot have",
      shard(1, { summary: { ...shard(1).summary, exitCode: 3 } }),
      /\/summary\/exitCode must be equal to one of the allowed values/,
    ],
    ["no report at all", { hello: "world" }, /not a conformance report/],
  ])("refuses %s", (_what, value, why) => {
    expect(reportProblem(value)).toMatch(why);
  });

  it("merge refuses a hostile shard in one line with exit 2 and writes nothing", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "conformance-merge-")), "out");
    const r = await cli(
      "merge",
      file(shard(1)),
      file(shard(2, { seed: "<img src=x onerror=alert(1)>" })),
      "--report-dir",
      out,
    );
    expect(r.code).toBe(2);
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/r\.json: not a valid conformance report: \/seed must be integer/);
  });

  it.each([
    [
      "nested 20 000 deep",
      () => file(`{"format":"conformance-report","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`),
      /nested deeper than 256 levels/,
    ],
    ["a device", () => "/dev/zero", /not a regular file/],
    ["not JSON", () => file("{"), /not valid JSON/],
  ])("merge refuses a report that is %s in one line, exit 2", async (_what, make, why) => {
    const r = await cli("merge", make(), file(shard(2)));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });
});
