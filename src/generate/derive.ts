/**
 * Bodies derived from a body, each rebuildable from its case id: the control of a deviation
 * (the same body without it), and restrictions of a body to some of its optional properties
 * (coverage groups, and the halves a failing coverage body is split into).
 */
import type { Contract, Schema } from "../contracts/model.ts";
import type { JsonValue } from "../json/lossless.ts";
import { bodyNodes, replaced, within, without } from "../schema/body.ts";
import type { CaseVariant } from "./case.ts";
import { simplestValue } from "../schema/simplest.ts";

const defsOf = (root: Schema) => (root.$defs as Record<string, Schema>) ?? {};

/**
 * The control of a variant body: the same body without its deviation. An unknown field or an
 * action outside the spec is removed; a null where none is allowed is removed where the property
 * is optional (or an array item), else replaced by the simplest valid value.
 */
export function controlBody(contract: Contract, variant: CaseVariant, body: JsonValue, deviation: string): JsonValue {
  switch (variant) {
    case "unknown-field":
      return without(body, deviation);
    case "unknown-action":
    case "outside-spec":
      return without(body, "/action");
    case "null-not-allowed": {
      const root = contract.response.schema!;
      const node = bodyNodes(root, body).find((n) => n.ptr === deviation);
      if (!node || node.optional || node.item) return without(body, deviation);
      return replaced(body, deviation, simplestValue(node.schema, defsOf(root)));
    }
    // A wrong-type case has several deviations; generate/confusion.ts builds its control.
    case "wrong-type":
    case "conforming":
      return body;
  }
}

/** Removable optional properties of a body: optional, and not holding a protected pointer. */
function removable(root: Schema, body: JsonValue, protect: readonly string[]) {
  return bodyNodes(root, body).filter((n) => n.optional && !protect.some((p) => within(p, n.ptr)));
}

/**
 * The optional properties of a body that hold no other optional property, in document order:
 * the units a body is restricted to. Pointers under `protect` (a deviation, the action) stay.
 * One pass over the nodes (parents come before children), so it stays linear on big bodies.
 */
export function leafUnits(root: Schema, body: JsonValue, protect: readonly string[] = []): string[] {
  const opt = removable(root, body, protect);
  const holdsOptional = new Set<string>();
  const stack: string[] = [];
  for (const n of opt) {
    while (stack.length && !within(n.ptr, stack.at(-1)!)) stack.pop();
    if (stack.length) holdsOptional.add(stack.at(-1)!);
    stack.push(n.ptr);
  }
  return opt.filter((n) => !holdsOptional.has(n.ptr)).map((n) => n.ptr);
}

/** The pointer and every pointer above it ("/a/b/c" → "/a/b/c", "/a/b", "/a", ""). */
function selfAndAbove(ptr: string): string[] {
  const out = [ptr];
  for (let i = ptr.lastIndexOf("/"); i > 0; i = ptr.lastIndexOf("/", i - 1)) out.push(ptr.slice(0, i));
  if (ptr) out.push("");
  return out;
}

/** The body with only the given units among its optional properties (plus what holds them and what is protected). */
export function restrictTo(
  root: Schema,
  body: JsonValue,
  keep: readonly string[],
  protect: readonly string[] = [],
): JsonValue {
  const kept = new Set(keep.flatMap(selfAndAbove));
  const drop: string[] = [];
  for (const n of removable(root, body, protect)) {
    // Document order: what lies under a property already dropped goes with it.
    if (kept.has(n.ptr) || (drop.length && within(n.ptr, drop.at(-1)!))) continue;
    drop.push(n.ptr);
  }
  // Object keys only (array items are never optional), so removing one moves no other pointer.
  return drop.reduce<JsonValue>((b, ptr) => without(b, ptr), body);
}

/**
 * Halves of a body's units, by a path of bits ("0" the first half, "1" the second): how a failing
 * coverage body is split until each part either decodes or holds one unit.
 */
export function splitBody(
  root: Schema,
  body: JsonValue,
  bits: string,
  protect: readonly string[] = [],
): JsonValue | string {
  const units = leafUnits(root, body, protect);
  let lo = 0;
  let hi = units.length;
  for (const b of bits) {
    if (hi - lo < 2) return `split ${bits}: nothing left to split after ${hi - lo} unit(s)`;
    const mid = lo + Math.ceil((hi - lo) / 2);
    if (b === "0") hi = mid;
    else lo = mid;
  }
  return restrictTo(root, body, units.slice(lo, hi), protect);
}

/** The body without the given units (indices into its leafUnits): known culprits set aside. */
export function dropUnits(
  root: Schema,
  body: JsonValue,
  indices: readonly number[],
  protect: readonly string[] = [],
): JsonValue | string {
  const units = leafUnits(root, body, protect);
  const bad = indices.find((i) => i >= units.length);
  if (bad !== undefined) return `drop ${indices.join(".")}: the body has ${units.length} optional properties`;
  return restrictTo(
    root,
    body,
    units.filter((_, i) => !indices.includes(i)),
    protect,
  );
}
