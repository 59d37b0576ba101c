import type { Schema } from "../contracts/model.ts";
import { deref, kindOf, type NodeKind } from "../schema/shape.ts";

export { deref, kindOf };

/** What a schema node is, for coverage goals; resolved through `$ref`. */
export interface NodeInfo {
  /** Schema path of the value: `/client/clientName`, array items as `/scopes/*`. */
  path: string;
  schema: Schema;
  kind: NodeKind;
  nullable: boolean;
  optional: boolean;
  depth: number;
}

const MAX_DEPTH = 8;

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
