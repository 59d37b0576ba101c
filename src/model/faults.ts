/**
 * The failures the mock injects in SDK runs, by name, and what each stands for: an Authlete error
 * answer, a 2xx body the SDK cannot decode, or a failure of the connection. The planner serves them
 * (generate/faults.ts) and sdk.error-mapping judges them (checks/sdk/error-mapping.ts). No imports.
 */

/** The error statuses served on every operation: Authlete's own, and what a proxy in front of it answers. */
export const ERROR_STATUSES = [400, 401, 403, 404, 409, 500, 502, 503] as const;

/** 2xx bodies that are not a JSON object (or not JSON at all). */
export const BODY_FAULTS = [
  "non-json",
  "non-json-json",
  "non-json-text",
  "empty",
  "null-body",
  "array-body",
  "string-body",
  "number-body",
  "boolean-body",
  "truncated-json",
] as const;

/** 2xx bodies only a lenient parser accepts: unquoted names, single quotes, `;` between members. */
export const LENIENT_FAULTS = ["lenient-unquoted", "lenient-single-quotes", "lenient-semicolons"] as const;

/** Failures of the connection: the body cut by a reset, an answer later than the SDK's timeout, no answer. */
export const TRANSPORT_FAULTS = ["reset-mid-body", "delay", "hang"] as const;

/** How an error status is served: with a JSON `resultCode`, as JSON without one, or as an HTML page. */
export type StatusStyle = "" | "-no-code" | "-html";

/** An injected failure, by name (`status-503-html`, `array-body`, `hang`). Server runs add `reset` and `timeout`. */
export type FaultKind =
  | `status-${number}${StatusStyle}`
  | (typeof BODY_FAULTS)[number]
  | (typeof LENIENT_FAULTS)[number]
  | (typeof TRANSPORT_FAULTS)[number]
  | "reset"
  | "timeout";

/**
 * What an injected failure stands for:
 * - `status`: an Authlete error answer (the SDK's api error, with the status, the resultCode and the body);
 * - `body`: a 2xx body that is not a JSON object (the SDK's decode error);
 * - `lenient`: a 2xx body only a lenient parser accepts (the SDK's decode error);
 * - `transport`: a connection reset (the SDK's transport error);
 * - `timing`: an answer that comes after the SDK's timeout, or never (the SDK's transport error, after its timeout).
 */
export type FaultFamily = "status" | "body" | "lenient" | "transport" | "timing";

export function faultFamily(kind: string): FaultFamily {
  if (kind.startsWith("status-")) return "status";
  if ((LENIENT_FAULTS as readonly string[]).includes(kind)) return "lenient";
  if (kind === "delay" || kind === "hang" || kind === "timeout") return "timing";
  if (kind === "reset" || kind === "reset-mid-body") return "transport";
  return "body";
}

/** The SDK error kind each family is owed. */
export const EXPECTED_KIND: Record<FaultFamily, "api" | "decode" | "transport"> = {
  status: "api",
  body: "decode",
  lenient: "decode",
  transport: "transport",
  timing: "transport",
};
