import { describe, expect, it } from "vitest";
import { pactFileName } from "./generate.ts";

describe("pact file names", () => {
  it("are <consumer>-<provider>.json for ordinary names", () => {
    expect(pactFileName("authlete-reference-sdk", "authlete", false)).toBe("authlete-reference-sdk-authlete.json");
    expect(pactFileName("My SDK@3.2+java", "authlete", true)).toBe("My SDK@3.2+java-authlete.json");
  });

  it("refuse a name from the target that would leave the pact folder, saying where it came from", () => {
    for (const bad of ["../../etc/passwd", "a/b", "a\\b", ".hidden", "-rf", "", "x".repeat(129), "nul\u0000"]) {
      expect(() => pactFileName(bad, "authlete", false), JSON.stringify(bad)).toThrow(
        /consumer name .* \(from the SDK adapter's handshake; set one with --consumer\) is not usable in a file name/,
      );
    }
    expect(() => pactFileName("sdk", "../authlete", false)).toThrow(/provider name "..\/authlete" is not usable/);
  });
});
