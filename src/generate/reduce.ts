/**
 * A structural reducer over the contract schema: it takes a failing body to the smallest body that
 * still fails the same way, for coverage, variant and random cases alike. Each step is one edit
 * from a deterministic candidate list; the indices of the accepted edits are the reduction's path,
 * so the reduced body is rebuilt from the case id without the target (`~reduce:3.0.12`).
 */
import type { Schema } from "../contracts/model.ts";
import type { JsonValue } from "../json/lossless.ts";
import { jsonEqual } from "../json/lossless.ts";
import { bodyNodes, joinPointer, replaced, valueAt, within, without, type BodyNode } from "../schema/body.ts";
import { leafUnits } from "./derive.ts";
import { simplestValue } from "../schema/simplest.ts";

type Edit =
  | { kind: "drop"; ptrs: string[] }
  | { kind: "truncate"; ptr: string }
  | { kind: "simplify"; ptr: string; value: JsonValue };

const SCALAR = new Set(["string", "free-string", "int64", "integer", "number", "boolean", "enum", "any"]);

/**
 * Candidate edits of a body, biggest first: all optional properties of an object at once, each
 * optional property, arrays down to their first item, then values replaced by the simplest valid
 * value. Nothing that holds a protected pointer (a deviation, the action) is touched.
 */
export function candidates(root: Schema, body: JsonValue, protect: readonly string[]): Edit[] {
  const nodes = bodyNodes(root, body);
  const holds = (n: BodyNode) => protect.some((p) => within(p, n.ptr));
  const defs = (root.$defs as Record<string, Schema>) ?? {};
  const optional = nodes.filter((n) => n.optional && !holds(n));
  const out: Edit[] = [];
  // An object's optional properties all at once, then in halves, quarters… (delta debugging's
  // chunks), so a reduction takes about log n steps per object rather than n.
  for (const parent of nodes.filter((n) => n.kind === "object")) {
    const children = optional
      .filter((c) => c.depth === parent.depth + 1 && within(c.ptr, parent.ptr))
      .map((c) => c.ptr);
    for (let size = children.length; size > 1; size = Math.ceil(size / 2)) {
      for (let at = 0; at < children.length; at += size)
        out.push({ kind: "drop", ptrs: children.slice(at, at + size) });
      if (size === 2) break;
    }
  }
  for (const n of optional) out.push({ kind: "drop", ptrs: [n.ptr] });
  for (const n of nodes)
    if (n.kind === "array" && Array.isArray(n.value) && n.value.length > 1 && !holds(n))
      out.push({ kind: "truncate", ptr: n.ptr });
  for (const n of nodes) {
    if (!SCALAR.has(n.kind) || !n.documented || holds(n) || n.ptr === "") continue;
    const value = simplestValue(n.schema, defs);
    if (!jsonEqual(n.value, value)) out.push({ kind: "simplify", ptr: n.ptr, value });
  }
  return out;
}

function apply(body: JsonValue, e: Edit): JsonValue {
  if (e.kind === "drop") return e.ptrs.reduce<JsonValue>((b, p) => without(b, p), body);
  if (e.kind === "truncate") {
    const v = valueAt(body, e.ptr);
    return Array.isArray(v) ? replaced(body, e.ptr, v.slice(0, 1)) : body;
  }
  return replaced(body, e.ptr, e.value);
}

/** Rebuilds a reduced body from the original and the reduction path; an error message when the path does not fit. */
export function replayReduction(
  root: Schema,
  body: JsonValue,
  path: readonly number[],
  protect: readonly string[],
): JsonValue | string {
  let cur = body;
  for (const [step, k] of path.entries()) {
    const e = candidates(root, cur, protect)[k];
    if (!e) return `reduction step ${step + 1} (${k}) does not exist for this body`;
    cur = apply(cur, e);
  }
  return cur;
}

export interface Reduced {
  body: JsonValue;
  path: number[];
  /** Target calls made (each candidate tried costs one). */
  tries: number;
  /** False when the call or time budget ran out before no edit was left to try. */
  complete: boolean;
}

export interface ReduceLimits {
  maxTries: number;
  /** Epoch milliseconds. */
  deadline: number;
}

/**
 * Greedy reduction: tries the candidates in order, keeps the first edit after which the body still
 * fails the same way, and goes on from the same position in the new body's list; it ends after a
 * whole round keeps nothing. Deterministic for a deterministic target.
 */
export async function reduceBody(
  root: Schema,
  body: JsonValue,
  protect: readonly string[],
  fails: (b: JsonValue) => Promise<boolean>,
  limits: ReduceLimits,
): Promise<Reduced> {
  let cur = body;
  const path: number[] = [];
  let tries = 0;
  let k = 0;
  let sinceKept = 0;
  for (;;) {
    const list = candidates(root, cur, protect);
    if (!list.length || sinceKept >= list.length) return { body: cur, path, tries, complete: true };
    if (tries >= limits.maxTries || Date.now() > limits.deadline) return { body: cur, path, tries, complete: false };
    k %= list.length;
    const next = apply(cur, list[k]!);
    tries++;
    if (await fails(next)) {
      path.push(k);
      cur = next;
      sinceKept = 0;
    } else {
      k++;
      sinceKept++;
    }
  }
}

/** Where a reduced body still differs from the minimal one: its remaining optional units, each with its value. */
export function culprits(
  root: Schema,
  body: JsonValue,
  protect: readonly string[],
): Array<{ path: string; value: JsonValue; model?: string; type?: string }> {
  const nodes = bodyNodes(root, body);
  const models = new Map(
    nodes.filter((n) => n.parentRef && !n.item && n.documented).map((n) => [n.ptr, `${n.parentRef}#${n.key}`]),
  );
  const types = new Map(nodes.filter((n) => n.ref).map((n) => [n.ptr, n.ref!]));
  return leafUnits(root, body, protect).map((ptr) => {
    // A one-item array says less than the item it holds: name the item.
    let path = ptr;
    let value = valueAt(body, ptr) ?? null;
    while (Array.isArray(value) && value.length === 1) {
      path = joinPointer(path, 0);
      value = value[0]!;
    }
    const model = models.get(ptr);
    const type = types.get(path);
    return { path, value, ...(model ? { model } : {}), ...(type ? { type } : {}) };
  });
}
