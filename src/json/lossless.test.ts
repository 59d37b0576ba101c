import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { JsonSyntaxError, jsonEqual, parseLossless, stringifyLossless } from "./lossless.ts";
import { diffJson } from "./diff.ts";

describe("parseLossless", () => {
  it("keeps int64 values beyond 2^53 exact", () => {
    const text = '{"a":9223372036854775807,"b":-9223372036854775808,"c":9007199254740993,"d":42}';
    const v = parseLossless(text) as Record<string, unknown>;
    expect(v.a).toBe(9223372036854775807n);
    expect(v.b).toBe(-9223372036854775808n);
    expect(v.c).toBe(9007199254740993n);
    expect(v.d).toBe(42);
    expect(stringifyLossless(v as never)).toBe(text);
  });

  it("agrees with JSON.parse on ordinary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        // Unsafe integers come back as bigint; rounded to a double they equal what JSON.parse gives.
        const rounded = JSON.parse(
          JSON.stringify(parseLossless(text), (_k, x) => (typeof x === "bigint" ? Number(x) : x)),
        );
        expect(rounded).toStrictEqual(JSON.parse(text));
        expect(stringifyLossless(parseLossless(text))).toBe(text);
      }),
    );
  });

  it("round-trips any bigint exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (b) => {
        const back = parseLossless(`[${b}]`) as unknown[];
        expect(BigInt(back[0] as bigint | number)).toBe(b);
      }),
    );
  });

  it("keeps __proto__ as an ordinary key", () => {
    const v = parseLossless('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each(["", "{", '{"a":}', "[1,]", "nul", '"\\x"', "1 2", '{"a":1,}'])("rejects %j with an offset", (bad) => {
    expect(() => parseLossless(bad)).toThrow(JsonSyntaxError);
  });
});

describe("jsonEqual and diffJson", () => {
  it("treats bigint and number with the same value as equal", () => {
    expect(jsonEqual(5n, 5)).toBe(true);
    expect(jsonEqual(9007199254740993n, 9007199254740992)).toBe(false);
  });

  it("locates the first difference by JSON Pointer", () => {
    const d = diffJson({ a: { b: [1, 2] }, c: 1 }, { a: { b: [1, 3] }, d: 2 });
    expect(d.map((x) => `${x.kind} ${x.path}`)).toEqual(["changed /a/b/1", "missing /c", "added /d"]);
  });
});

describe("stringifyLossless", () => {
  it("leaves strings that look like its internal bigint marker alone", () => {
    const v = { a: "~bigint-abc~123", b: 9223372036854775807n, c: ["~bigint-", -12n] };
    expect(stringifyLossless(v)).toBe('{"a":"~bigint-abc~123","b":9223372036854775807,"c":["~bigint-",-12]}');
  });

  it("refuses values JSON cannot carry", () => {
    expect(() => stringifyLossless({ a: Number.NaN })).toThrow(/Cannot serialise NaN/);
  });
});
