import type { Schema } from "../contracts/model.ts";
import { isJsonObject, type JsonValue } from "../json/lossless.ts";
import { deref, kindOf, type NodeKind } from "./shape.ts";

/** One value of a body, located by JSON Pointer and paired with the schema that documents it. */
export interface BodyNode {
  /** JSON Pointer in the body ("" for the root). */
  ptr: string;
  /** The documenting schema, `$ref` resolved. */
  schema: Schema;
  /** The named model of the value (`$defs` name), when it is one. */
  ref?: string;
  /** The named model of the object holding this property, when it is one. */
  parentRef?: string;
  /** The property name (or array index) under its parent; undefined for the root. */
  key?: string | number;
  kind: NodeKind;
  nullable: boolean;
  /** A property its object does not require: a body without it still conforms. */
  optional: boolean;
  /** An array item (removable when the array may be shorter). */
  item: boolean;
  /** False for a property the schema does not declare (a free-form or unknown key): listed, never entered. */
  documented: boolean;
  value: JsonValue;
  depth: number;
}

const unescape = (k: string) => k.replace(/~1/g, "/").replace(/~0/g, "~");
const escape = (k: string) => (k.includes("~") || k.includes("/") ? k.replace(/~/g, "~0").replace(/\//g, "~1") : k);

/** Splits a JSON Pointer into its (unescaped) segments. */
export const segments = (ptr: string): string[] => (ptr ? ptr.split("/").slice(1).map(unescape) : []);
export const joinPointer = (base: string, key: string | number): string => `${base}/${escape(String(key))}`;

/** True when `ptr` is `base` or lies under it. */
export const within = (ptr: string, base: string): boolean => ptr === base || ptr.startsWith(`${base}/`);

/**
 * Every value of a body, in document order (parents before children), with the schema documenting
 * it. A property the schema does not declare is one node (`documented: false`, optional); a
 * free-form map is one node.
 */
export function bodyNodes(root: Schema, body: JsonValue): BodyNode[] {
  const defs = (root.$defs as Record<string, Schema>) ?? {};
  const out: BodyNode[] = [];
  // Hot (every check of every case reads it): nodes of one shape, no spreads.
  const visit = (
    raw: Schema,
    v: JsonValue,
    ptr: string,
    key: string | number | undefined,
    optional: boolean,
    item: boolean,
    parentRef: string | undefined,
    depth: number,
  ): void => {
    const { schema, nullable, ref } = deref(raw, defs);
    const kind = kindOf(schema);
    out.push({ ptr, schema, ref, parentRef, key, kind, nullable, optional, item, documented: true, value: v, depth });
    if (kind === "object" && isJsonObject(v) && schema.properties) {
      const required = (schema.required as string[] | undefined) ?? [];
      const props = schema.properties as Record<string, Schema>;
      // Body order, so pointers list as the wire has them.
      for (const k in v) {
        const x = v[k] as JsonValue;
        const p = Object.prototype.hasOwnProperty.call(props, k) ? props[k] : undefined;
        if (p) visit(p, x, joinPointer(ptr, k), k, !required.includes(k), false, ref, depth + 1);
        else
          out.push({
            ptr: joinPointer(ptr, k),
            schema: {},
            ref: undefined,
            parentRef: ref,
            key: k,
            kind: "any",
            nullable: true,
            optional: true,
            item: false,
            documented: false,
            value: x,
            depth: depth + 1,
          });
      }
    }
    if (kind === "array" && Array.isArray(v) && schema.items)
      for (let k = 0; k < v.length; k++)
        visit(schema.items as Schema, v[k]!, joinPointer(ptr, k), k, false, true, undefined, depth + 1);
  };
  visit(root, body, "", undefined, false, false, undefined, 0);
  return out;
}

/** The value at a pointer, or undefined when a step is missing. */
export function valueAt(v: JsonValue, ptr: string): JsonValue | undefined {
  let cur: JsonValue | undefined = v;
  for (const key of segments(ptr)) {
    if (Array.isArray(cur) && /^\d+$/.test(key)) cur = cur[Number(key)];
    else if (isJsonObject(cur) && Object.prototype.hasOwnProperty.call(cur, key)) cur = cur[key];
    else return undefined;
  }
  return cur;
}

/** A copy of `v` with the value at `ptr` removed (an object key, or an array item). */
export function without(v: JsonValue, ptr: string): JsonValue {
  return edit(v, ptr, undefined);
}

/** A copy of `v` with the value at `ptr` replaced. */
export function replaced(v: JsonValue, ptr: string, value: JsonValue): JsonValue {
  return edit(v, ptr, value);
}

/** Copies only along the path; `undefined` removes. */
function edit(v: JsonValue, ptr: string, value: JsonValue | undefined): JsonValue {
  const keys = segments(ptr);
  if (!keys.length) return value ?? v;
  const go = (cur: JsonValue, k: number): JsonValue => {
    const key = keys[k]!;
    const last = k === keys.length - 1;
    if (Array.isArray(cur)) {
      const i = Number(key);
      const copy = [...cur];
      if (last) {
        if (value === undefined) copy.splice(i, 1);
        else copy[i] = value;
      } else copy[i] = go(cur[i] as JsonValue, k + 1);
      return copy;
    }
    if (!isJsonObject(cur)) return cur;
    // Rebuilt key by key so the wire order of the other properties is kept.
    const copy: Record<string, JsonValue> = {};
    for (const [name, x] of Object.entries(cur)) {
      if (name !== key) copy[name] = x;
      else if (!last) copy[name] = go(x, k + 1);
      else if (value !== undefined) copy[name] = value;
    }
    return copy;
  };
  return go(v, 0);
}
