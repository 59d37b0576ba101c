/**
 * What an SDK method returned, as the JSON data of the protocol's `decoded`: the SDK's models as
 * the SDK holds them (no field filled in or dropped), in the common TypeScript styles.
 */
import { parseLossless, type JsonValue } from "../../src/json/lossless.ts";
import { AdapterError } from "./errors.ts";

/** Text the SDK handed over as raw JSON (a method returning the response body as a string). */
export class JsonText {
  constructor(readonly text: string) {}
}

/** Marks a string result as raw JSON text: `decoded` is the JSON it holds (or the string itself when it is not JSON). */
export const jsonText = (text: string): JsonText => new JsonText(text);

/** Turns values of one class into JSON data (a class with private fields, a money type). */
export type Encoder = readonly [abstract new (...args: never[]) => unknown, (value: never) => unknown];

const esc = (k: string) => k.replace(/~/g, "~0").replace(/\//g, "~1");

/** Public fields of a model: own enumerable properties, then getters its classes declare. */
function fields(value: object): [string, unknown][] {
  const out = new Map<string, unknown>(Object.entries(value));
  for (
    let p = Object.getPrototypeOf(value) as object | null;
    p && p !== Object.prototype;
    p = Object.getPrototypeOf(p) as object | null
  ) {
    for (const [k, d] of Object.entries(Object.getOwnPropertyDescriptors(p))) {
      if (d.get && k !== "__proto__" && !out.has(k)) out.set(k, d.get.call(value));
    }
  }
  return [...out];
}

/**
 * `value` as JSON data. Models: plain objects and class instances (own fields, then getters);
 * `toJSON` honoured (Date, URL); `bigint` kept exact; an `undefined` property absent; a Map with
 * string keys as an object, a Set as an array; `encoders` first for the classes they name.
 * Anything else (a function, NaN, a cycle, a Map with other keys) is the adapter's problem.
 */
export function toJson(
  value: unknown,
  encoders: readonly Encoder[] = [],
  path = "",
  seen = new Set<object>(),
): JsonValue {
  const where = path || "/";
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "bigint")
    return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new AdapterError(`${value} at ${where} is not JSON`);
    return value;
  }
  if (typeof value !== "object")
    throw new AdapterError(
      `${typeof value === "function" ? "a function" : typeof value} at ${where} is not JSON: give an encoder for it`,
    );
  for (const [cls, encode] of encoders) {
    if (value instanceof (cls as unknown as new () => unknown)) {
      let out: unknown;
      try {
        out = (encode as (v: unknown) => unknown)(value);
      } catch (e) {
        throw new AdapterError(`the encoder for ${cls.name} threw at ${where}: ${(e as Error).message}`);
      }
      return toJson(out, [], path, seen);
    }
  }
  if (value instanceof JsonText) return parsedText(value.text);
  if (seen.has(value)) throw new AdapterError(`a circular reference at ${where} is not JSON`);
  seen.add(value);
  try {
    if (typeof (value as { toJSON?: unknown }).toJSON === "function")
      return toJson((value as { toJSON(): unknown }).toJSON(), encoders, path, seen);
    if (Array.isArray(value) || value instanceof Set) {
      return [...value].map((v, i) => {
        if (v === undefined) throw new AdapterError(`undefined at ${path}/${i} is not JSON`);
        return toJson(v, encoders, `${path}/${i}`, seen);
      });
    }
    const entries = value instanceof Map ? [...value] : fields(value);
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of entries) {
      if (typeof k !== "string") throw new AdapterError(`a Map key of type ${typeof k} at ${where} is not JSON`);
      if (v === undefined || typeof v === "function") continue; // absent; a method is not a field
      // defineProperty keeps "__proto__" an ordinary key.
      Object.defineProperty(out, k, {
        value: toJson(v, encoders, `${path}/${esc(k)}`, seen),
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

/** Raw JSON text as data (int64 exact); text that is not JSON is what the SDK handed over: the string. */
function parsedText(text: string): JsonValue {
  try {
    return parseLossless(text);
  } catch {
    return text;
  }
}
