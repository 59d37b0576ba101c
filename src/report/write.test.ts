import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { insideReportDir } from "./write.ts";

describe("report paths", () => {
  it("stay inside --report-dir", () => {
    expect(insideReportDir("reports", "conformance-report.json")).toBe(
      join(resolve("reports"), "conformance-report.json"),
    );
    for (const escape of ["../x.json", "/etc/passwd", "a/../../x", ".."])
      expect(() => insideReportDir("reports", escape), escape).toThrow(/would be written outside/);
  });
});
