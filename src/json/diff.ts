import { isJsonObject, jsonEqual, type JsonValue } from "./lossless.ts";

/** One difference between two JSON values, located by a JSON Pointer (RFC 6901). */
export interface JsonDifference {
  path: string;
  kind: "changed" | "missing" | "added";
  expected?: JsonValue;
  actual?: JsonValue;
}

const escape = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");

/** Joins a JSON Pointer and one more segment. */
export function pointer(base: string, key: string | number): string {
  return `${base}/${escape(String(key))}`;
}

/**
 * Lists differences between `expected` and `actual`, depth first, in key order of `expected`,
 * stopping after `limit`. Arrays are compared element by element.
 */
export function diffJson(expected: JsonValue | undefined, actual: JsonValue | undefined, limit = 50): JsonDifference[] {
  const out: JsonDifference[] = [];
  const walk = (e: JsonValue | undefined, a: JsonValue | undefined, path: string): void => {
    if (out.length >= limit) return;
    if (e === undefined && a === undefined) return;
    if (e === undefined) return void out.push({ path, kind: "added", actual: a });
    if (a === undefined) return void out.push({ path, kind: "missing", expected: e });
    if (isJsonObject(e) && isJsonObject(a)) {
      for (const k of Object.keys(e))
        walk(e[k], Object.prototype.hasOwnProperty.call(a, k) ? a[k] : undefined, pointer(path, k));
      for (const k of Object.keys(a))
        if (!Object.prototype.hasOwnProperty.call(e, k)) walk(undefined, a[k], pointer(path, k));
      return;
    }
    if (Array.isArray(e) && Array.isArray(a)) {
      const len = Math.max(e.length, a.length);
      for (let k = 0; k < len; k++) walk(e[k], a[k], pointer(path, k));
      return;
    }
    if (!jsonEqual(e, a)) out.push({ path, kind: "changed", expected: e, actual: a });
  };
  walk(expected, actual, "");
  return out;
}
