/**
 * Checks that what an in-process adapter returned is JSON data, the way JSON.stringify would
 * write it but loud: where JSON.stringify silently drops or rewrites a value (a function, a
 * Map, NaN, an `undefined` array element), that is reported, because it would mask the SDK.
 */
import type { JsonValue } from "../json/lossless.ts";

/** A value that is not JSON data, at a JSON Pointer. */
export class NotJsonError extends Error {
  override name = "NotJsonError";
  constructor(
    readonly path: string,
    what: string,
  ) {
    super(`${what} at ${path || "/"} is not JSON`);
  }
}

const esc = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");

/**
 * Returns `value` as plain JSON data. An object property whose value is `undefined` is absent
 * (that is how JavaScript SDKs commonly represent an absent optional field); `toJSON` is honoured.
 */
export function toJsonValue(value: unknown, path = "", seen = new Set<object>()): JsonValue {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "bigint")
    return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new NotJsonError(path, String(value));
    return value;
  }
  if (typeof value !== "object")
    throw new NotJsonError(path, typeof value === "function" ? "a function" : String(typeof value));
  if (typeof (value as { toJSON?: unknown }).toJSON === "function")
    return toJsonValue((value as { toJSON(): unknown }).toJSON(), path, seen);
  if (value instanceof Map || value instanceof Set) throw new NotJsonError(path, `a ${value.constructor.name}`);
  if (seen.has(value)) throw new NotJsonError(path, "a circular reference");
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const out: JsonValue[] = [];
      for (let i = 0; i < value.length; i++) {
        if (!(i in value) || value[i] === undefined) throw new NotJsonError(`${path}/${i}`, "undefined");
        out.push(toJsonValue(value[i], `${path}/${i}`, seen));
      }
      return out;
    }
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      // defineProperty keeps "__proto__" an ordinary key, as parseLossless does.
      Object.defineProperty(out, k, {
        value: toJsonValue(v, `${path}/${esc(k)}`, seen),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
