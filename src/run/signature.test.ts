import { describe, expect, it } from "vitest";
import { errorSignature } from "./signature.ts";

describe("errorSignature", () => {
  it("strips the body's values, the called route, numbers and generated names, and keeps property names", () => {
    const body = '{"subjectTokenType":"DEVICE_SECRET","xUnknownAbc":1,"free":{"2>L":true}}';
    expect(
      errorSignature(
        'Received: decode error: POST /api/123/auth/token: unknown TokenType "DEVICE_SECRET" at column 57\nDocumented: x',
        body,
        "/api/{serviceId}/auth/token",
      ),
    ).toBe('decode error: <route>: unknown TokenType "<v>" at column <n>');
    expect(errorSignature('Received: decode error: unknown property "xUnknownAbc"', body)).toBe(
      'decode error: unknown property "<unknown>"',
    );
    expect(errorSignature('Received: decode error: unknown property "2>L"', body)).toBe(
      'decode error: unknown property "<v>"',
    );
  });

  it("never eats part of a word, and takes short words for values only where quoted", () => {
    expect(errorSignature("Received: decode error: body is not JSON", '{"a":"de","b":"is","c":"JSON"}')).toBe(
      "decode error: body is not JSON",
    );
    expect(errorSignature("Received: unknown value 'OK' for Action", '{"action":"OK"}')).toBe(
      "unknown value '<v>' for Action",
    );
  });
});
