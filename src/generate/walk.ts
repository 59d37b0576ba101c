import type { Schema } from "../contracts/model.ts";

/** What a schema node is, for coverage goals; resolved through `$ref`. */
export interface NodeInfo {
  /** Schema path of the value: `/client/clientName`, array items as `/scopes/*`. */
  path: string;
  schema: Schema;
  kind: "object" | "array" | "string" | "free-string" | "int64" | "integer" | "number" | "boolean" | "enum" | "any";
  nullable: boolean;
  optional: boolean;
  depth: number;
}

const MAX_DEPTH = 8;

/** Resolves one level of `$ref`, keeping a sibling `nullable` (the spec's quirk). */
export function deref(s: Schema, defs: Record<string, Schema>): { schema: Schema; nullable: boolean; ref?: string } {
  if (typeof s.$ref !== "string") return { schema: s, nullable: s.nullable === true };
  const name = s.$ref.replace("#/$defs/", "");
  const target = defs[name] ?? {};
  return { schema: target, nullable: s.nullable === true || target.nullable === true, ref: name };
}

export function kindOf(s: Schema): NodeInfo["kind"] {
  if (Array.isArray(s.enum)) return "enum";
  const t = s.type ?? (s.properties ? "object" : undefined);
  if (t === "string") return typeof s.format === "string" ? "string" : "free-string";
  if (t === "integer") return s.format === "int64" ? "int64" : "integer";
  if (t === "object" || t === "array" || t === "number" || t === "boolean") return t;
  return "any";
}

/** Every value position of a schema, depth first, with a guard against recursive models. */
export function walkSchema(root: Schema): NodeInfo[] {
  const defs = (root.$defs as Record<string, Schema>) ?? {};
  const out: NodeInfo[] = [];
  const visit = (raw: Schema, path: string, optional: boolean, depth: number, refs: string[]): void => {
    const { schema, nullable, ref } = deref(raw, defs);
    if (depth > MAX_DEPTH || (ref && refs.includes(ref))) return;
    const nextRefs = ref ? [...refs, ref] : refs;
    const kind = kindOf(schema);
    out.push({ path, schema, kind, nullable, optional, depth });
    if (kind === "object") {
      const required = (schema.required as string[]) ?? [];
      for (const [k, p] of Object.entries((schema.properties as Record<string, Schema>) ?? {})) {
        visit(p, `${path}/${k}`, !required.includes(k), depth + 1, nextRefs);
      }
    } else if (kind === "array" && schema.items) {
      visit(schema.items as Schema, `${path}/*`, false, depth + 1, nextRefs);
    }
  };
  visit(root, "", false, 0, []);
  return out;
}
