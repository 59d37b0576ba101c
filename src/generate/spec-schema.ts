import type { Contract, Schema } from "../contracts/model.ts";
import { deref } from "../schema/shape.ts";

/**
 * Action values the facts list from authlete-java-common only. The contract widens the action enum
 * with them (servers built on that library may see them), but for an SDK that follows the spec
 * they are values outside it: served as their own variant, never as conforming bodies.
 */
export function outsideSpecActions(contract: Contract): string[] {
  return contract.actions.filter((a) => !a.listedBy.includes("spec")).map((a) => a.value);
}

const narrowed = new WeakMap<Contract, Schema | null>();

/**
 * The response schema as the spec documents it: the contract's schema with the action enum
 * narrowed to the spec's values. Generation and coverage use this one. Built once per contract.
 */
export function specSchema(contract: Contract): Schema | null {
  if (narrowed.has(contract)) return narrowed.get(contract)!;
  const root = contract.response.schema;
  const outside = outsideSpecActions(contract);
  const action = (root?.properties as Record<string, Schema> | undefined)?.action;
  let out = root;
  if (root && action && outside.length) {
    const { schema } = deref(action, (root.$defs as Record<string, Schema>) ?? {});
    const values = (schema.enum as string[]).filter((v) => !outside.includes(v));
    out = {
      ...root,
      properties: { ...(root.properties as Record<string, Schema>), action: { ...schema, enum: values } },
    };
  }
  narrowed.set(contract, out);
  return out;
}

/** The action values the spec documents for an operation (its rules and its enum). */
export function actionValues(contract: Contract): string[] {
  const outside = outsideSpecActions(contract);
  const root = specSchema(contract);
  const prop = (root?.properties as Record<string, Schema> | undefined)?.action;
  const fromSchema = prop
    ? ((deref(prop, (root!.$defs as Record<string, Schema>) ?? {}).schema.enum as string[] | undefined) ?? [])
    : [];
  return [...new Set([...contract.actions.map((a) => a.value), ...fromSchema])].filter((v) => !outside.includes(v));
}
