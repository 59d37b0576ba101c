import type { FaultKind } from "../checks/observation.ts";

/**
 * A case: one generated Authlete response for one operation, replayable from its id.
 *
 * `body` is the exact wire text (int64 digits beyond 2^53 included). Conforming cases validate
 * against the contract's response schema; the other variants are labelled non-conforming and
 * feed only the tolerance checks.
 */
export type CaseVariant =
  /** valid against the contract schema */
  | "conforming"
  /** an undocumented property at top level or in a nested object */
  | "unknown-field"
  /** an `action` value the contract does not list */
  | "unknown-action"
  /** an explicit null where the schema does not allow one */
  | "null-not-allowed"
  /** an `action` value documented only outside the spec (authlete-java-common) */
  | "outside-spec"
  /** properties of the wrong JSON type (generate/confusion.ts) */
  | "wrong-type";

export interface Case {
  /** Stable id: `<operationId>~<variant>~<seed>~<index>`; see generate/id.ts. */
  id: string;
  operationId: string;
  variant: CaseVariant;
  /** The action value of the body, when it has one. */
  action?: string;
  /** Exact JSON text the mock serves. */
  body: string;
  seed: number;
  /** Index of this case within the operation's case stream for that seed. */
  index: number;
  /** Coverage goals this case meets (e.g. `action:PASSWORD`, `absent:/idToken`, `null:/userInfoSignAlg`). */
  goals: string[];
  /** For non-conforming variants: JSON Pointer of the deliberate deviation (the first, when there are several). */
  deviation?: string;
  /** Every deviation, when a case has several (a `wrong-type` case confuses a group of properties). */
  deviations?: string[];
}

/** An Authlete-side failure the mock injects instead of a generated body (for sdk.error-mapping). */
export type { FaultKind };

/** One unit of work: a case, and how the mock serves it. */
export interface PlannedCase {
  case: Case;
  /** HTTP status the mock answers with. */
  status: number;
  contentType: string | null;
  fault?: FaultKind;
  /**
   * A coverage case: `minimal` (the required properties and the action) or `coverage` (a template);
   * a coverage body that fails to decode is split (run/sdk-run.ts). Random and variant cases have none.
   */
  role?: "minimal" | "coverage";
}
