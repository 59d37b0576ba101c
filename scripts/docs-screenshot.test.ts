import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { README_IMAGE, screenshotReport } from "./docs-screenshot.ts";

/** Width and height of a PNG, from its IHDR chunk; undefined when the bytes are not a PNG. */
function pngSize(bytes: Buffer): [number, number] | undefined {
  if (!bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return undefined;
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

describe("the README's picture of a red report", () => {
  it("is committed, and the README shows it", () => {
    expect(pngSize(readFileSync(README_IMAGE))?.[0]).toBe(1200);
    expect(readFileSync(join(import.meta.dirname, "..", "README.md"), "utf8")).toContain(
      "](docs/images/html-report.png)",
    );
  });

  it("npm run docs:screenshot makes it from a real run of a defective SDK", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "docs-shot-")), "report.png");
    const { exitCode, failures } = await screenshotReport(out);
    expect([exitCode, failures > 0]).toEqual([1, true]);
    const [width, height] = pngSize(readFileSync(out)) ?? [0, 0];
    expect(width).toBe(1200);
    expect(height).toBeGreaterThan(800);
  }, 120_000);
});
