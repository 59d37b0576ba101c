import type { Schema } from "../contracts/model.ts";

/** What a schema node is, for coverage goals and checks. */
export type NodeKind =
  "object" | "array" | "string" | "free-string" | "int64" | "integer" | "number" | "boolean" | "enum" | "any";

/** Resolves one level of `$ref`, keeping a sibling `nullable` (the spec's quirk). */
export function deref(s: Schema, defs: Record<string, Schema>): { schema: Schema; nullable: boolean; ref?: string } {
  if (typeof s.$ref !== "string") return { schema: s, nullable: s.nullable === true };
  const name = s.$ref.replace("#/$defs/", "");
  const target = defs[name] ?? {};
  return { schema: target, nullable: s.nullable === true || target.nullable === true, ref: name };
}

export function kindOf(s: Schema): NodeKind {
  if (Array.isArray(s.enum)) return "enum";
  const t = s.type ?? (s.properties ? "object" : undefined);
  if (t === "string") return typeof s.format === "string" ? "string" : "free-string";
  if (t === "integer") return s.format === "int64" ? "int64" : "integer";
  if (t === "object" || t === "array" || t === "number" || t === "boolean") return t;
  return "any";
}
