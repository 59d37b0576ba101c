import type { ActionRule, Contract } from "../contracts/model.ts";
import type { AskedRequest, FaultKind, RecordedRequest, SdkOutcome, SdkTraits } from "../model/observed.ts";

export type { AskedRequest, FaultKind, RecordedRequest, SdkOutcome, SdkTraits } from "../model/observed.ts";

/**
 * The part of a generated case the checks read (generate/case.ts has the full Case, which fits
 * this shape); checks sit below the generators and do not import them.
 */
export interface ObservedCase {
  id: string;
  operationId: string;
  variant: "conforming" | "unknown-field" | "unknown-action" | "null-not-allowed" | "outside-spec" | "wrong-type";
  action?: string;
  body: string;
  deviation?: string;
  /** Every deviation, when the case has several (`wrong-type`). */
  deviations?: string[];
}

/** Everything a check may look at for one SDK case. */
export interface SdkObservation {
  contract: Contract;
  case: ObservedCase;
  /** What the mock answered with: the case body, or an injected Authlete failure (`fault`). */
  served: { status: number; body: string; fault?: FaultKind };
  outcome: SdkOutcome;
  traits: SdkTraits;
  /** Requests the mock saw while the SDK handled this case. */
  requests: RecordedRequest[];
  /** The call parameters the kit gave the adapter (absent in observations built by hand). */
  asked?: AskedRequest;
  /** Credentials the run gave the adapter (to check the Bearer header). */
  credentials: { serviceId: string; accessToken: string };
  /**
   * The timeout the SDK was asked to be configured with (the adapter's `start`), and whether the
   * adapter said it was. Absent in observations built by hand.
   */
  sdkTimeout?: { ms: number; configured: boolean };
  /** For a deviation (a non-conforming variant): what the same adapter did with its control, the same body without the deviation. */
  control?: { caseId: string; outcome: SdkOutcome };
}

/** Result statuses. `warn` does not fail the gate unless --strict. */
export type CheckStatus = "pass" | "fail" | "warn" | "skip" | "error";

/** One thing a check found wrong at one place of the body. */
export interface Finding {
  /** "Received: …\nDocumented: …" */
  message: string;
  /** JSON Pointer of the mismatch. */
  path?: string;
  /** The documented field, `model#property`, when its object is a named model. */
  model?: string;
  /** The named type of the value (a `$defs` name such as `token_type`): one closed enum is one defect wherever it is used. */
  type?: string;
  /**
   * How the value was lost, when that is one behaviour whatever the field (an int64 rounded through
   * a double, every explicit null dropped): findings with the same one share a cause.
   */
  defect?: string;
  expected?: unknown;
  actual?: unknown;
}

/**
 * One check's verdict on one case. The finding's fields hold what went wrong (the first finding,
 * when there are several), or in `message` why the check was skipped.
 */
export interface CheckResult extends Partial<Finding> {
  check: string;
  status: CheckStatus;
  /** A note from the facts file about source differences, when relevant. */
  note?: string;
  /**
   * Every mismatch of the case, when a check found more than one (value checks report each lost
   * or changed field, not the first); the fields above repeat the first.
   */
  findings?: Finding[];
}

/** What the authorization server answered its own client, or why it did not. */
export type ServerAnswer = { status: number; headers: Record<string, string>; body: string } | { error: string };

/** What the kit sent the server in one step (the route's request, or a completion). */
export interface ClientRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Values that must never reach an answer: each leaks when all its values appear together. */
export interface Secret {
  /** What it is, for the message ("the client secret the kit sent"); never the value. */
  what: string;
  values: string[];
}

/** Everything a server check may look at for one case. */
export interface ServerObservation {
  /** The Authlete operation the server's endpoint calls first (a stand-in without actions for public-route probes). */
  contract: Contract;
  case: ObservedCase;
  served: { status: number; body: string; fault?: ServerFault };
  /** The rule of the served action (absent for unknown actions and faults). */
  rule?: ActionRule;
  /**
   * The follow-up API the server actually called, among those the rule allows: what the mock
   * answered there, and that answer's rule (absent when the mock answered an unknown action).
   */
  followUp?: { contract: Contract; body: string; rule?: ActionRule };
  answer: ServerAnswer;
  /** What the kit sent the server (absent only for observations built by hand). */
  client?: ClientRequest;
  /** After a user page (a later follow-up): the completion step the kit submitted and its answer. */
  completion?: { request: ClientRequest; answer: ServerAnswer };
  /** A public route requested to look for disclosures (`/`, well-known, health, a 404). */
  probe?: string;
  /** Requests the server made to the mock Authlete API while answering. */
  requests: RecordedRequest[];
  /** Values that must never appear in an answer (API secret, service access token). */
  secrets: string[];
  /** Further secrets, named: the client secret the kit sent, the service ID with the Authlete base URL. */
  disclosures?: Secret[];
  /** Whether the server still ran after the case (and answered a liveness request). */
  aliveAfter: boolean;
  /** The server's output while it handled the case (bounded, redacted). */
  log?: string[];
}

/** Upstream failures of server runs: the SDK catalogue plus what only a server meets. */
export type ServerFault = FaultKind;
