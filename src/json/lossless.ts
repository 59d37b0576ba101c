/**
 * Lossless JSON: integers that a JS number cannot hold exactly are parsed as `bigint` and
 * serialised back digit for digit. Everything else is plain JSON. Knows nothing of Authlete.
 */

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** Thrown by {@link parseLossless} with the offset of the first bad character. */
export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = "JsonSyntaxError";
  }
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses JSON text. Integer literals (no fraction, no exponent) outside the safe range become
 * `bigint`; `-0` stays a number. Duplicate keys keep the last value, as JSON.parse does.
 */
export function parseLossless(text: string): JsonValue {
  let i = 0;
  const n = text.length;

  const skip = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };
  const fail = (what: string): never => {
    throw new JsonSyntaxError(i >= n ? "Unexpected end of JSON input" : `${what} ${JSON.stringify(text[i])}`, i);
  };

  const value = (depth: number): JsonValue => {
    if (depth > 512) fail("Nesting too deep near");
    skip();
    const c = text.charCodeAt(i);
    if (c === 0x7b) return object(depth);
    if (c === 0x5b) return array(depth);
    if (c === 0x22) return string();
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return number();
    if (text.startsWith("true", i)) return ((i += 4), true);
    if (text.startsWith("false", i)) return ((i += 5), false);
    if (text.startsWith("null", i)) return ((i += 4), null);
    return fail("Unexpected token");
  };

  const object = (depth: number): JsonObject => {
    const out: JsonObject = {};
    i++;
    skip();
    if (text.charCodeAt(i) === 0x7d) return (i++, out);
    for (;;) {
      skip();
      if (text.charCodeAt(i) !== 0x22) fail("Expected a property name, got");
      const key = string();
      skip();
      if (text.charCodeAt(i) !== 0x3a) fail("Expected ':', got");
      i++;
      const v = value(depth + 1);
      // defineProperty keeps "__proto__" an ordinary own key.
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      skip();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x7d) return (i++, out);
      fail("Expected ',' or '}', got");
    }
  };

  const array = (depth: number): JsonValue[] => {
    const out: JsonValue[] = [];
    i++;
    skip();
    if (text.charCodeAt(i) === 0x5d) return (i++, out);
    for (;;) {
      out.push(value(depth + 1));
      skip();
      const c = text.charCodeAt(i);
      if (c === 0x2c) {
        i++;
        continue;
      }
      if (c === 0x5d) return (i++, out);
      fail("Expected ',' or ']', got");
    }
  };

  const string = (): string => {
    const start = i;
    i++;
    let simple = true;
    for (;;) {
      if (i >= n) fail("Unterminated string");
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail("Bad control character in string");
      if (c === 0x5c) {
        simple = false;
        i += 2;
        continue;
      }
      i++;
    }
    i++;
    const raw = text.slice(start, i);
    if (simple) return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      i = start;
      return fail("Bad escape in string starting with");
    }
  };

  const number = (): number | bigint => {
    NUMBER_RE.lastIndex = i;
    const m = NUMBER_RE.exec(text);
    if (!m) return fail("Bad number");
    const lit = m[0];
    i += lit.length;
    if (!/[.eE]/.test(lit)) {
      const num = Number(lit);
      if (!Number.isSafeInteger(num)) return BigInt(lit);
      return num;
    }
    return Number(lit);
  };

  const result = value(0);
  skip();
  if (i < n) fail("Unexpected text after JSON");
  return result;
}

// Native JSON.stringify cannot write bigint digits; they go through a marker string holding a
// per-process random nonce (so no user text matches it), then the quoted marker becomes bare digits.
const MARK = `~bigint-${Math.random().toString(36).slice(2, 12)}~`;
const MARKED = new RegExp(`"${MARK}(-?\\d+)"`, "g");
const replacer = (_k: string, v: unknown): unknown => {
  if (typeof v === "bigint") return MARK + v.toString();
  if (typeof v === "number" && !Number.isFinite(v)) throw new TypeError(`Cannot serialise ${v} as JSON`);
  return v;
};

/** Serialises a lossless value; `bigint` is written as its digits. Key order is kept. */
export function stringifyLossless(value: JsonValue, indent?: number): string {
  if (!indent) {
    const text = JSON.stringify(value, replacer);
    return text.includes(MARK) ? text.replace(MARKED, "$1") : text;
  }
  const pad = indent ? " ".repeat(indent) : "";
  const walk = (v: JsonValue, prefix: string): string => {
    if (v === null) return "null";
    switch (typeof v) {
      case "bigint":
        return v.toString();
      case "number":
        if (!Number.isFinite(v)) throw new TypeError(`Cannot serialise ${v} as JSON`);
        return Object.is(v, -0) ? "-0" : String(v);
      case "boolean":
        return v ? "true" : "false";
      case "string":
        return JSON.stringify(v);
    }
    const inner = prefix + pad;
    const nl = pad ? "\n" : "";
    const sep = pad ? ": " : ":";
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      return `[${nl}${v.map((x) => inner + walk(x, inner)).join(`,${nl}`)}${nl}${prefix}]`;
    }
    const keys = Object.keys(v);
    if (keys.length === 0) return "{}";
    const parts = keys.map((k) => `${inner}${JSON.stringify(k)}${sep}${walk(v[k] as JsonValue, inner)}`);
    return `{${nl}${parts.join(`,${nl}`)}${nl}${prefix}}`;
  };
  return walk(value, "");
}

/** True when `value` is a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deep equality for lossless values: `1n` equals `1`, key order is ignored. */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if ((typeof a === "bigint" || typeof a === "number") && (typeof b === "bigint" || typeof b === "number")) {
    if (typeof a === "number" && !Number.isInteger(a)) return a === Number(b);
    if (typeof b === "number" && !Number.isInteger(b)) return Number(a) === b;
    return BigInt(a) === BigInt(b);
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, k) => jsonEqual(x, b[k]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}
