import { createHash } from "node:crypto";
import type { Case } from "../generate/case.ts";
import { fieldOf } from "../report/causes.ts";

/** The matrix column of every unknown-action case: the values are random, the defect is one. */
export const UNKNOWN_ACTION = "(unknown action)";

/** The action a case is reported under: its action value, or one column for all unknown ones. */
export function actionLabel(c: Pick<Case, "action" | "variant">): string | undefined {
  return c.variant === "unknown-action" ? UNKNOWN_ACTION : c.action;
}

/**
 * 8 hex digits, stable across seeds: the same defect on the same field gets the same print.
 * `action` is the entry's column: the action value, UNKNOWN_ACTION, or `fault:<kind>` for an
 * injected fault (each fault kind is its own entry).
 */
export function fingerprintOf(
  check: string,
  operationId: string,
  action: string | undefined,
  path: string | undefined,
): string {
  // Array indices and generated names vary from seed to seed; the field they reach does not.
  const field = fieldOf(path ?? "");
  return createHash("sha256")
    .update(`${check}\n${operationId}\n${action ?? ""}\n${field}`)
    .digest("hex")
    .slice(0, 8);
}
