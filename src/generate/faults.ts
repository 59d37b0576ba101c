import type { Contract } from "../contracts/model.ts";
import type { FaultKind, PlannedCase } from "./case.ts";
import { formatCaseId } from "./id.ts";

/** Authlete resultCodes the injected error statuses carry (illustrative, fixed so reports are stable). */
const RESULT_CODES: Record<number, string> = { 400: "A001201", 401: "A001202", 403: "A001215", 500: "A001101" };

/** Fault cases of an operation: its documented Authlete error statuses, then broken 2xx bodies. */
export function faultCases(contract: Contract): PlannedCase[] {
  const make = (fault: FaultKind, status: number, body: string, contentType: string): PlannedCase => ({
    case: {
      id: formatCaseId({ kind: "fault", operationId: contract.operationId, fault }),
      operationId: contract.operationId,
      variant: "conforming",
      body,
      seed: 0,
      index: 0,
      goals: [],
    },
    status,
    contentType,
    fault,
  });
  const statuses = contract.errorStatuses.filter((s) => RESULT_CODES[s]);
  // Served as the operation documents its errors: JSON with a resultCode, or text (the health check).
  const errorBody = (s: number): [string, string] =>
    contract.errorContentType === "application/json" || contract.errorContentType === null
      ? [
          JSON.stringify({
            resultCode: RESULT_CODES[s],
            resultMessage: `[${RESULT_CODES[s]}] injected ${s} from the mock Authlete API`,
          }),
          "application/json",
        ]
      : [`injected ${s} from the mock Authlete API`, contract.errorContentType];
  return [
    ...statuses.map((s) => make(`status-${s}` as FaultKind, s, ...errorBody(s))),
    ...(contract.response.contentType === "application/json"
      ? [
          make("non-json", 200, "<html><body>upstream proxy error</body></html>", "text/html"),
          make("empty", 200, "", "application/json"),
          make("null-body", 200, "null", "application/json"),
        ]
      : []),
  ];
}
