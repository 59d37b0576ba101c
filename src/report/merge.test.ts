import { describe, expect, it } from "vitest";
import { mergeReports } from "./merge.ts";
import { failure, operation, report } from "./report.test-helper.ts";

const ORDER = ["auth_token_api", "client_get_api", "service_get_api"];
const shard = (index: number, total: number, ops: string[], failures = [] as ReturnType<typeof failure>[]) =>
  report(failures, {
    shard: { index, total },
    operations: ops.map((o) => operation(o)),
    summary: {
      operations: ops.length,
      cases: 3 * ops.length,
      results: { pass: 3 * ops.length },
      failures: 0,
      warnings: 0,
      baselined: 0,
      entries: 0,
      exitCode: 0,
    },
  });

describe("mergeReports", () => {
  it("orders operations as the profile does and recomputes the verdict", () => {
    const f = failure({ check: "sdk.decodes", operationId: "client_get_api", fingerprint: "aaaa0001" });
    const m = mergeReports(
      [shard(2, 2, ["client_get_api"], [f]), shard(1, 2, ["auth_token_api", "service_get_api"])],
      ORDER,
    );
    expect(m.operations.map((o) => o.operationId)).toEqual(ORDER);
    expect(m.summary).toMatchObject({ operations: 3, cases: 9, results: { pass: 9 }, failures: 1, exitCode: 1 });
    expect(m.shard).toBeNull();
  });

  it.each([
    [[shard(1, 2, ["auth_token_api"])], /missing shard 2\/2/],
    [[shard(1, 2, ["auth_token_api"]), shard(1, 2, ["client_get_api"])], /shard 1\/2 given twice/],
    [
      [shard(1, 2, ["auth_token_api"]), { ...shard(2, 2, ["client_get_api"]), seed: 8 }],
      /from another run than report 1 \(seed 8 vs 7\)/,
    ],
    [[report([])], /not a shard/],
  ])("refuses what is not one run's shards (%#)", (reports, message) => {
    expect(() => mergeReports(reports, ORDER)).toThrow(message);
  });

  it("keeps a shard's incompleteness and start failure", () => {
    const broken = { ...shard(2, 2, []), complete: false, incompleteReason: "interrupted" };
    broken.summary = { ...broken.summary, exitCode: 2 as const };
    const m = mergeReports([shard(1, 2, ["auth_token_api"]), broken], ORDER);
    expect(m).toMatchObject({ complete: false, incompleteReason: "shard 2/2: interrupted", summary: { exitCode: 2 } });
  });
});
