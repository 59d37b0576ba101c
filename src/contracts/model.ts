/**
 * The contract model: compiled facts for one Authlete operation. Contracts are data, written to
 * `contracts/<profile>/<operationId>.json` and committed, so a spec update is a reviewable diff.
 *
 * Schemas are OpenAPI 3.0 schema objects with prose removed and every `$ref` pointing into the
 * schema's own `$defs`. Two OpenAPI conventions are kept as they are and given meaning here:
 * `nullable: true` allows `null` (also beside an `enum` that does not list it, and beside a
 * `$ref`), and `format: int64` integers are exact 64-bit values on the wire.
 */

/** A JSON schema object as stored in a contract. */
export type Schema = { [keyword: string]: unknown };

/** Bump when the contract file shape changes; `contracts check` compares it. */
export const CONTRACT_FORMAT = 2;

export interface Parameter {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  schema: Schema;
}

export interface RequestContract {
  required: boolean;
  /** Media types the operation accepts, all with the same schema. */
  contentTypes: string[];
  schema: Schema;
}

export interface ResponseContract {
  /** The documented success status (the first 2xx in the spec). */
  status: number;
  /** Other documented 2xx statuses. */
  alsoStatuses: number[];
  /** Null when the success answer has no body (e.g. 204). */
  contentType: string | null;
  schema: Schema | null;
}

/** A header the rule requires. `value` may hold `{field}` placeholders filled from the response. */
export interface HeaderRule {
  name: string;
  /**
   * Literal value, or a template: `{responseContent}` and other response fields are substituted;
   * `{*}` means any non-empty value chosen by the server (e.g. a Basic challenge).
   */
  value: string;
  /** Only required when this response field is present and not null. */
  when?: string;
  /** The header is carried over from the response of this earlier operation. */
  carriedFrom?: string;
}

/**
 * What the server's own HTTP body is for an action:
 * - `responseContent`: the Authlete response's `responseContent`, verbatim;
 * - `none`: no body (header-only or redirect answer);
 * - `page`: a page the server renders itself (not compared);
 * - `server-built`: JSON the server builds from response fields;
 * - `follow-up`: whatever the follow-up call's action demands;
 * - `resource`: the protected resource (not compared);
 * - `unspecified`: no HTTP answer is mandated (a management API).
 */
export type BodySource = "responseContent" | "none" | "page" | "server-built" | "follow-up" | "resource" | "unspecified";

/** A call the server makes after seeing this action. */
export interface FollowUp {
  /** The Authlete operations it may call (one of them), or an external endpoint named by a field. */
  operations: string[];
  external?: string;
  /** Response fields passed on as request parameters of the next call (e.g. `ticket`). */
  carries: string[];
  optional: boolean;
  /**
   * True when the call happens in a later request from the user agent, not this one: written
   * "later" in the facts, or the action shows the user a page first (login/consent, device code).
   */
  later: boolean;
}

export interface ActionRule {
  value: string;
  /** HTTP status the server answers with; null when no direct answer is mandated. */
  status: number | null;
  contentType: string | null;
  headers: HeaderRule[];
  body: BodySource;
  next: FollowUp | null;
  /** False when the facts say this value is not expected from this particular operation. */
  expected: boolean;
  /**
   * The alternative answer of a server that does not support this grant (e.g. token exchange):
   * the status and OAuth `error` it may answer instead, from the facts' "If unsupported" notes.
   */
  decline?: { status: number; error: string };
  /** Which sources list the value: the OpenAPI spec and/or authlete-java-common. */
  listedBy: Array<"spec" | "java">;
  sources: string[];
}

/** A difference between sources that the facts file records, so it is not drift. */
export interface KnownDifference {
  kind: "value-not-in-spec" | "value-not-in-java" | "value-not-in-ts-sdk" | "header-not-in-spec" | "outside-facts-scope";
  value: string;
}

export interface Contract {
  format: typeof CONTRACT_FORMAT;
  profile: string;
  operationId: string;
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  path: string;
  /** False only for the unauthenticated health check. */
  bearer: boolean;
  parameters: Parameter[];
  request: RequestContract | null;
  response: ResponseContract;
  /** Authlete's own HTTP error statuses for this operation; their body is `errorSchema`. */
  errorStatuses: number[];
  /** The media type of those error answers: JSON with a `resultCode` for most, text for the health check. */
  errorContentType: string | null;
  errorSchema: Schema | null;
  /** Name of the response model in the spec, when it is a named schema. */
  responseModel: string | null;
  /** Empty when the response has no `action`. */
  actions: ActionRule[];
  /** Headers due whenever a response field is present, for every action. */
  conditionalHeaders: HeaderRule[];
  knownDifferences: KnownDifference[];
}

/** A problem in the spec that the build resolved; listed by `contracts check`. */
export interface LintWarning {
  code: "missing-operation-id" | "nullable-enum-without-null" | "ref-with-siblings" | "required-not-in-properties" | "action-value-not-in-spec" | "no-content-with-body";
  where: string;
  resolution: string;
}
