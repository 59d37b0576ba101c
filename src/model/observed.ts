/**
 * Data the kit observes about a target, shared by the mock, the targets and the checks (which may
 * not import each other): requests the mock received, what an SDK adapter returned. No imports.
 */

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

/** The call parameters the kit gave the adapter for one call: what the SDK was asked to send. */
export interface AskedRequest {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  /** The JSON body, int64 values as bigint. */
  body?: unknown;
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
      /** The raw body the SDK's error keeps (as the adapter reports it). */
      body?: string;
      /** The underlying error the SDK's error keeps. */
      cause?: string;
    }
  /** The SDK does not implement this operation (declared by the adapter). */
  | { kind: "unsupported"; message?: string }
  /** The adapter itself failed: crashed, hung past the timeout, wrote garbage, or said it failed. */
  | { kind: "adapter-failure"; reason: "crash" | "timeout" | "garbage" | "protocol" | "failed"; message: string };

export type { FaultKind } from "./faults.ts";
