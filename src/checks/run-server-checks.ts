import type { CheckResult, ServerObservation } from "./observation.ts";
import type { CheckOptions } from "./run-checks.ts";
import { SERVER_CHECKS } from "./server/checks.ts";

/** Runs every server check on one observation; a check that throws yields `error` for itself. */
export function runServerChecks(o: ServerObservation, opts: CheckOptions = {}): CheckResult[] {
  return SERVER_CHECKS.filter((c) => opts.severity?.[c.name] !== "off").map((c) => {
    const severity = opts.severity?.[c.name] ?? c.severity;
    try {
      const r = c.run(o);
      return { check: c.name, ...r, status: r.status === "fail" && severity === "warn" ? "warn" : r.status };
    } catch (e) {
      return { check: c.name, status: "error", message: `the check itself failed: ${(e as Error).message}` };
    }
  });
}
