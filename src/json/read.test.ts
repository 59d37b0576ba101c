import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nestingDepth, readJsonFile } from "./read.ts";

const LIMITS = { maxBytes: 1024, maxDepth: 8 };
const file = (content: string | Buffer) => {
  const f = join(mkdtempSync(join(tmpdir(), "conformance-json-")), "x.json");
  writeFileSync(f, content);
  return f;
};

describe("readJsonFile", () => {
  it("accepts a byte-order mark", () => {
    expect(readJsonFile(file('\uFEFF{"a": 1}'), LIMITS)).toEqual({ a: 1 });
  });

  it.each([
    ["too large", () => file(`[${"1,".repeat(600)}1]`), /larger than 1 KiB/],
    [
      "nested 20 000 deep",
      () => file(`${"[".repeat(20_000)}${"]".repeat(20_000)}`),
      /nested deeper than 8 levels/,
      { maxBytes: 1 << 20, maxDepth: 8 },
    ],
    ["not JSON", () => file("{ nope"), /not valid JSON/],
    ["a device (/dev/zero)", () => "/dev/zero", /not a regular file/],
    ["a folder", () => tmpdir(), /folder/],
    ["missing", () => join(tmpdir(), "no-such-conformance-file.json"), /no such file/],
  ] as Array<[string, () => string, RegExp, typeof LIMITS?]>)(
    "refuses a file that is %s, in one line",
    (_what, make, why, limits = LIMITS) => {
      let message = "";
      try {
        readJsonFile(make(), limits);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(why);
      expect(message).not.toContain("\n");
    },
  );

  it("counts nesting outside strings only", () => {
    expect(nestingDepth('{"a": ["[[[{", {"b": []}]}')).toBe(4);
  });
});
