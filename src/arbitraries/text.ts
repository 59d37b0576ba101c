import fc from "fast-check";

/** Length of the long text edge: beyond the 4 KiB buffers and column limits some decoders assume. */
export const LONG_TEXT_LENGTH = 5_000;

/**
 * Strings that break decoders: empty, non-ASCII (BMP) and astral-plane (surrogate pairs), and
 * tricky ones: text that reads as another JSON value or keyword (an SDK that re-parses, or maps
 * "null" to null, loses it), digits with a leading zero (lost by a number round trip), whitespace
 * only (lost by trimming), very long text, control characters, JSON escapes and the two line
 * separators JavaScript source once refused. Every free-text property meets each in coverage.
 */
export const TEXT_EDGES = {
  empty: "",
  "non-ascii": "ünïcødé — 日本語 ✓",
  astral: "𝒜𝓊𝓉𝒽 😀🔐",
  "null-word": "null",
  "true-word": "true",
  "false-word": "false",
  "array-text": "[1]",
  "object-text": "{}",
  digits: "0042",
  whitespace: " \t\n ",
  long: "long text ".repeat(LONG_TEXT_LENGTH / 10),
  control: "\u0000\u0001\b\f\r\u001b\u001f\u007f",
  escapes: `"quoted" \\ back\\slash </script> & 'single'`,
  separators: "line\u2028paragraph\u2029end",
} as const;
export type TextEdge = keyof typeof TEXT_EDGES;

// Arbitraries are immutable: build each once and share it across every string field (building
// fast-check's character tables per field dominated generation time).
let textArb: fc.Arbitrary<string> | undefined;
const formats = new Map<string, fc.Arbitrary<string>>();

/** Free text: the edges, printable ASCII and whole graphemes (never lone surrogates). */
export function text(): fc.Arbitrary<string> {
  return (textArb ??= fc.oneof(
    { weight: 1, arbitrary: fc.constantFrom(...Object.values(TEXT_EDGES)) },
    { weight: 3, arbitrary: fc.string({ maxLength: 16 }) },
    { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 8 }) },
  ));
}

/**
 * Absolute URIs (RFC 3986): scheme, a host, a few path segments and an optional query. Composed
 * from small parts because fc.webUrl costs close to a millisecond per value.
 */
export function uri(): fc.Arbitrary<string> {
  const unreserved = fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-._~".split(""));
  const segment = fc.string({ unit: unreserved, maxLength: 8 });
  const host = fc.constantFrom("example.com", "as.example.org", "localhost:8443", "127.0.0.1", "xn--bcher-kva.example");
  return fc
    .tuple(
      fc.constantFrom("https", "http", "urn"),
      host,
      fc.array(segment, { maxLength: 3 }),
      fc.option(fc.tuple(segment, segment), { nil: undefined }),
    )
    .map(([scheme, h, path, q]) =>
      scheme === "urn"
        ? `urn:example:${path.join(":") || "x"}`
        : `${scheme}://${h}/${path.join("/")}${q ? `?${q[0]}=${q[1]}` : ""}`,
    );
}

/** A string of a known format; only formats present in the spec are supported. */
export function formatted(format: string): fc.Arbitrary<string> | undefined {
  if (format !== "uri") return undefined;
  let arb = formats.get(format);
  if (!arb) formats.set(format, (arb = uri()));
  return arb;
}
