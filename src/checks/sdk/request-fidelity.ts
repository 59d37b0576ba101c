import { requestDifferences } from "../_shared/request-diff.ts";
import { called, fromFindings, guarded, supported, type Check } from "../registry.ts";

/**
 * sdk.request-fidelity: the request the SDK sent carries exactly what its caller asked: nothing
 * dropped, nothing invented (`null`, `0`/`false`, `""`, `[]` for what the caller left unset),
 * nothing changed (an int64's exact digits), no undeclared keys, the path and query parameters as
 * given. Which operation was called, the serviceId, the Bearer token, the media type and a body
 * that is missing or not JSON are sdk.request-conforms's (the `called` guard keeps this check out
 * of a wrong or missing request).
 */
export const requestFidelity: Check = {
  name: "sdk.request-fidelity",
  severity: "fail",
  run: guarded(
    [
      supported,
      (o) => (o.outcome.kind === "adapter-failure" ? "the adapter failed before a verdict" : undefined),
      called,
      (o) => (o.asked ? undefined : "the call parameters are not known"),
    ],
    (o) => fromFindings(requestDifferences(o) ?? []),
  ),
};
