import { createHash } from "node:crypto";

/** 8 hex digits, stable across seeds: the same defect on the same field gets the same print. */
export function fingerprintOf(check: string, operationId: string, action: string | undefined, path: string | undefined): string {
  // Array indices vary from seed to seed; the field they reach does not.
  const field = (path ?? "").replace(/\/\d+(?=\/|$)/g, "/*");
  return createHash("sha256").update(`${check}\n${operationId}\n${action ?? ""}\n${field}`).digest("hex").slice(0, 8);
}
