import type { CheckResult, SdkObservation } from "./observation.ts";

/** A check: a pure function from an observation to one result. Its name is stable API. */
export interface Check {
  name: string;
  /** What a failure means for the gate by default: `fail` fails it, `warn` does not (unless --strict). */
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

export const conformingOnly: Guard = (o) => (o.case.variant !== "conforming" || o.served.fault ? `only for conforming cases (this is ${o.served.fault ? `fault ${o.served.fault}` : o.case.variant})` : undefined);
export const variantOnly = (v: SdkObservation["case"]["variant"]): Guard => (o) => (o.case.variant !== v || o.served.fault ? `only for ${v} cases` : undefined);
export const supported: Guard = (o) => (o.outcome.kind === "unsupported" ? "the SDK does not implement this operation" : undefined);
export const decoded: Guard = (o) => (o.outcome.kind !== "decoded" ? "the SDK did not decode this case (see sdk.decodes)" : undefined);
export const jsonBody: Guard = (o) => (o.contract.response.contentType !== "application/json" || !o.contract.response.schema ? "the response is not JSON" : undefined);
