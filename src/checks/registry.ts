import type { CheckResult, Finding, SdkObservation } from "./observation.ts";

/** A check: a pure function from an observation to one result. Its name is stable API. */
export interface Check {
  name: string;
  /**
   * What a failure means for the gate by default: `fail` fails it, `warn` does not (unless
   * --strict). A check may also return `warn` itself for a lesser finding (a clean rejection of
   * a non-conforming body) beside hard failures (a raw crash).
   */
  severity: "fail" | "warn";
  run(obs: SdkObservation): Omit<CheckResult, "check">;
}

/** A guard: a precondition that turns into a skip with its reason when it does not hold. */
export type Guard = (obs: SdkObservation) => string | undefined;

/** Wraps a check body with guards, evaluated in order. */
export function guarded(guards: Guard[], body: Check["run"]): Check["run"] {
  return (obs) => {
    for (const g of guards) {
      const why = g(obs);
      if (why) return { status: "skip", message: why };
    }
    return body(obs);
  };
}

export const conformingOnly: Guard = (o) =>
  o.case.variant !== "conforming" || o.served.fault
    ? `only for conforming cases (this is ${o.served.fault ? `fault ${o.served.fault}` : o.case.variant})`
    : undefined;
export const variantOnly =
  (...vs: Array<SdkObservation["case"]["variant"]>): Guard =>
  (o) =>
    !vs.includes(o.case.variant) || o.served.fault ? `only for ${vs.join(" or ")} cases` : undefined;
/**
 * A deviation is judged only when its control (the same body without the deviation, through the
 * same adapter) decodes; otherwise the failure is the control's, owned by sdk.decodes.
 */
export const controlDecoded: Guard = (o) =>
  o.control && o.control.outcome.kind !== "decoded"
    ? `control failed: the same body without the deviation (case ${o.control.caseId}) did not decode either; see its sdk.decodes failure`
    : undefined;
export const supported: Guard = (o) =>
  o.outcome.kind === "unsupported" ? "the SDK does not implement this operation" : undefined;
/**
 * Causal order: when the SDK called another operation, or nothing reached the mock, what it handed
 * back is not an answer to the served body; sdk.request-conforms owns that failure alone.
 */
export const called: Guard = (o) =>
  o.requests.some((r) => r.operationId === o.contract.operationId)
    ? undefined
    : `the SDK did not call ${o.contract.operationId} (${o.requests.length ? `it called ${o.requests[0]!.method} ${o.requests[0]!.path}` : "no request reached the mock"}; see sdk.request-conforms)`;
export const decoded: Guard = (o) =>
  o.outcome.kind !== "decoded" ? "the SDK did not decode this case (see sdk.decodes)" : undefined;
export const jsonBody: Guard = (o) =>
  o.contract.response.contentType !== "application/json" || !o.contract.response.schema
    ? "the response is not JSON"
    : undefined;

/** A value check's verdict from everything it found: pass when nothing, else fail with every finding. */
export function fromFindings(found: Finding[]): Omit<CheckResult, "check"> {
  if (!found.length) return { status: "pass" };
  const [first] = found as [Finding, ...Finding[]];
  return { status: "fail", ...first, ...(found.length > 1 ? { findings: found } : {}) };
}

/**
 * A result under its check's level: the user's `--check NAME=warn|fail`, else the check's default.
 * `warn` demotes failures; an explicit `fail` promotes the check's own warnings too.
 */
export function atLevel<R extends { status: CheckResult["status"] }>(
  r: R,
  c: Pick<Check, "name" | "severity">,
  overrides?: Record<string, "off" | "warn" | "fail">,
): R {
  const chosen = overrides?.[c.name];
  if (r.status === "fail" && (chosen ?? c.severity) === "warn") return { ...r, status: "warn" };
  if (r.status === "warn" && chosen === "fail") return { ...r, status: "fail" };
  return r;
}
