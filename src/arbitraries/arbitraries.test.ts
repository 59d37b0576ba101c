import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { INT64_EDGES, integerOf, schemaArbitrary, UnsupportedSchemaError, unknownAction, actionEnum } from "./index.ts";

describe("arbitraries", () => {
  it("int64 reaches every named edge and stays in range", () => {
    const seen = new Set(fc.sample(integerOf("int64"), { seed: 1, numRuns: 2000 }).map((v) => BigInt(v)));
    for (const edge of Object.values(INT64_EDGES)) expect(seen).toContain(edge);
    for (const v of seen) expect(v >= INT64_EDGES.min && v <= INT64_EDGES.max).toBe(true);
  });

  it("int64 values are numbers when safe and bigints otherwise, as the lossless parser gives them", () => {
    for (const v of fc.sample(integerOf("int64"), { seed: 2, numRuns: 500 })) {
      expect(typeof v === "number" ? Number.isSafeInteger(v) : v > 2n ** 53n - 1n || v < -(2n ** 53n - 1n)).toBe(true);
    }
  });

  it("fails loudly, naming schema and keyword, on what it cannot generate", () => {
    expect(() =>
      schemaArbitrary({ type: "object", properties: { a: { type: "string", pattern: "^x" } } }, "demo"),
    ).toThrow(UnsupportedSchemaError);
    expect(() =>
      schemaArbitrary({ type: "object", properties: { a: { type: "string", pattern: "^x" } } }, "demo"),
    ).toThrow(/demo\/properties\/a: unsupported keyword "pattern"/);
    expect(() => schemaArbitrary({ type: "string", format: "date-time" }, "d")).toThrow(/string format "date-time"/);
    expect(() => schemaArbitrary({ $ref: "#/$defs/missing" }, "r")).toThrow(/dangling/);
  });

  it("keeps nullable values null sometimes and absent properties absent sometimes", () => {
    const s = { type: "object", properties: { a: { type: "string", nullable: true } } };
    const values = fc.sample(schemaArbitrary(s), { seed: 3, numRuns: 300 }) as Array<Record<string, unknown>>;
    expect(values.some((v) => !("a" in v))).toBe(true);
    expect(values.some((v) => v.a === null)).toBe(true);
    expect(values.some((v) => typeof v.a === "string")).toBe(true);
  });

  it("action builders validate their input", () => {
    expect(() => actionEnum(["A"], "B")).toThrow(/"B" is not one of A/);
    expect(
      fc.sample(unknownAction(["OK"]), { seed: 1, numRuns: 50 }).every((a) => a !== "OK" && /^FUTURE_[A-Z_]+$/.test(a)),
    ).toBe(true);
  });
});
