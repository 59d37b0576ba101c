import type { ActionRule, Contract } from "../contracts/model.ts";
import type { Case, FaultKind } from "../generate/case.ts";

/** One HTTP request the mock Authlete API received from the target. */
export interface RecordedRequest {
  method: string;
  /** Path without query string, e.g. `/api/123/auth/token`. */
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased. Authorization is kept here; reports redact it. */
  headers: Record<string, string>;
  /** Raw request body text ("" when none). */
  body: string;
  /** The operation the mock matched by method and path, if any. */
  operationId?: string;
  /** Problems the mock found (bad auth, bad content type, schema issues). Empty when valid. */
  problems: string[];
}

/** How an adapter says its SDK represents things (from its start handshake). */
export interface SdkTraits {
  /** `keep`: an explicit null reaches the caller as null; `absent`: null is folded into absent. */
  nulls: "keep" | "absent";
  /** Key naming of the decoded object the adapter returns. */
  keys: "camelCase" | "snake_case";
}

/** What an SDK adapter returned for one call. */
export type SdkOutcome =
  | { kind: "decoded"; /** The decoded object re-serialised as JSON text by the adapter. */ value: string }
  | {
      kind: "error";
      /** `api`, `decode`, `transport`: the SDK's own error types. `unexpected`: anything else. */
      errorKind: "api" | "decode" | "transport" | "unexpected";
      message: string;
      status?: number;
      resultCode?: string;
    }
  /** The SDK does not implement this operation (declared by the adapter). */
  | { kind: "unsupported"; message?: string }
  /** The adapter itself failed: crashed, hung past the timeout, or wrote garbage. */
  | { kind: "adapter-failure"; reason: "crash" | "timeout" | "garbage" | "protocol"; message: string };

/** Everything a check may look at for one SDK case. */
export interface SdkObservation {
  contract: Contract;
  case: Case;
  /** What the mock answered with: the case body, or an injected Authlete failure (`fault`). */
  served: { status: number; body: string; fault?: FaultKind };
  outcome: SdkOutcome;
  traits: SdkTraits;
  /** Requests the mock saw while the SDK handled this case. */
  requests: RecordedRequest[];
  /** Credentials the run gave the adapter (to check the Bearer header). */
  credentials: { serviceId: string; accessToken: string };
}

/** Result statuses. `warn` does not fail the gate unless --strict. */
export type CheckStatus = "pass" | "fail" | "warn" | "skip" | "error";

export interface CheckResult {
  check: string;
  status: CheckStatus;
  /** One line: what went wrong or why it was skipped. */
  message?: string;
  /** JSON Pointer of the first mismatch, when there is one. */
  path?: string;
  expected?: unknown;
  actual?: unknown;
  /** A note from the facts file about source differences, when relevant. */
  note?: string;
}

/** What the authorization server answered its own client, or why it did not. */
export type ServerAnswer = { status: number; headers: Record<string, string>; body: string } | { error: string };

/** Everything a server check may look at for one case. */
export interface ServerObservation {
  /** The Authlete operation the server's endpoint calls first. */
  contract: Contract;
  case: Case;
  served: { status: number; body: string; fault?: FaultKind };
  /** The rule of the served action (absent for unknown actions and faults). */
  rule?: ActionRule;
  /** When the rule calls for a follow-up API: what the mock answered there, and that answer's rule. */
  followUp?: { contract: Contract; body: string; rule: ActionRule };
  answer: ServerAnswer;
  /** Requests the server made to the mock Authlete API while answering. */
  requests: RecordedRequest[];
  /** Values that must never appear in an answer (API secret, service access token). */
  secrets: string[];
  /** Whether the server still ran after the case. */
  aliveAfter: boolean;
}
