import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyBaseline, baselineFrom, loadBaseline, type Baseline } from "./baseline.ts";
import { failure, report } from "./report.test-helper.ts";

const nullDrop = failure({
  check: "sdk.null-vs-absent",
  operationId: "client_get_api",
  fingerprint: "aaaa0001",
  path: "/clients/3/x",
});
const int64 = failure({ check: "sdk.int64-exact", operationId: "auth_token_api", fingerprint: "bbbb0002" });
const warning = failure({
  check: "sdk.unknown-action-tolerated",
  operationId: "auth_token_api",
  fingerprint: "cccc0003",
  severity: "warn",
});
const listing = (...fps: Array<[string, string]>): Baseline => ({
  format: "conformance-baseline",
  version: 1,
  failures: fps.map(([fingerprint, operationId]) => ({ fingerprint, check: "c", operationId })),
});

describe("applyBaseline", () => {
  it("keeps listed failures out of the verdict, reported and marked", () => {
    const r = applyBaseline(report([nullDrop]), listing(["aaaa0001", "client_get_api"]), "b.json");
    expect(r.summary).toMatchObject({ exitCode: 0, failures: 0, baselined: 1 });
    expect(r.failures[0]).toMatchObject({ fingerprint: "aaaa0001", baselined: true });
    expect(r.baseline).toEqual({ file: "b.json", listed: 1, matched: 1, fixed: [] });
  });

  it("fails on a new failure", () => {
    const r = applyBaseline(report([nullDrop, int64]), listing(["aaaa0001", "client_get_api"]), "b.json");
    expect(r.summary).toMatchObject({ exitCode: 1, failures: 1, baselined: 1 });
    expect(r.failures.find((f) => f.fingerprint === "bbbb0002")?.baselined).toBeUndefined();
  });

  it("reports listed entries that pass now, but only for operations that ran", () => {
    const b = listing(["aaaa0001", "client_get_api"], ["dddd0004", "service_get_api"]);
    expect(applyBaseline(report([]), b, "b.json").baseline?.fixed).toEqual(["aaaa0001"]);
    expect(
      applyBaseline(report([], { complete: false, incompleteReason: "interrupted" }), b, "b.json").baseline?.fixed,
    ).toEqual([]);
  });

  it("keeps warnings as warnings and the exit code of a target that never started", () => {
    expect(applyBaseline(report([warning]), listing(), "b.json").summary).toMatchObject({ exitCode: 0, warnings: 1 });
    const start = report([], { complete: false });
    start.summary.exitCode = 2;
    expect(applyBaseline(start, listing(), "b.json").summary.exitCode).toBe(2);
  });
});

describe("baselineFrom", () => {
  it("accepts what fails the gate, keeps reasons, and keeps entries of operations not run", () => {
    const previous: Baseline = {
      format: "conformance-baseline",
      version: 1,
      failures: [
        { fingerprint: "aaaa0001", check: "sdk.null-vs-absent", operationId: "client_get_api", reason: "SDK-123" },
        { fingerprint: "eeee0005", check: "sdk.decodes", operationId: "service_get_api" },
        { fingerprint: "ffff0006", check: "sdk.decodes", operationId: "auth_token_api" },
      ],
    };
    const next = baselineFrom(report([nullDrop, int64, warning]), previous);
    expect(next.failures.map((e) => [e.fingerprint, e.reason])).toEqual([
      ["bbbb0002", undefined],
      ["aaaa0001", "SDK-123"],
      ["eeee0005", undefined],
    ]);
    expect(next.failures.find((e) => e.fingerprint === "aaaa0001")?.path).toBe("/clients/*/x");
  });
});

describe("loadBaseline", () => {
  const file = (content: string) => {
    const f = join(mkdtempSync(join(tmpdir(), "baseline-")), "b.json");
    writeFileSync(f, content);
    return f;
  };
  it.each([
    ["{", /not valid JSON/],
    ['{"failures": []}', /not a baseline/],
    [
      '{"format": "conformance-baseline", "version": 1, "failures": [{"fingerprint": "xyz", "check": "c", "operationId": "o"}]}',
      /failures\[0\]\.fingerprint must be 8 hex digits/,
    ],
  ])("rejects %s", (content, message) => {
    expect(() => loadBaseline(file(content))).toThrow(message);
  });
  it("names a missing file and how to create it", () => {
    expect(() => loadBaseline("/nope/b.json")).toThrow(/not found \(create it with --update-baseline\)/);
  });
});
