/**
 * Adapter helper for TypeScript/JavaScript SDKs, the same shape as the Python, Ruby and Java
 * helpers: say how to build the client, how to call each operation, and which errors are the
 * SDK's own. The result is an in-process adapter (`export default defineAdapter({...})`, run with
 * `--sdk path/to/adapter.ts`); `serveStdio(defineAdapter({...}))` runs it as a process instead.
 *
 * Hooks, each with defaults for the common SDK styles (docs/adapters.md): `errors` (classes or
 * predicates per kind, the closest match wins), `status` / `resultCode` / `body` / `cause` (read
 * from the error), `encoders` (model classes to JSON). `client` gets the timeout the kit asks for
 * (`configuresTimeout: true` says it uses it). A method returning nothing is a void result;
 * `jsonText(s)` marks a string as raw JSON. A failure inside the helper is reported as the
 * adapter's (`adapter-failure`), never as the SDK's error.
 */
import type { InProcessAdapter } from "../../src/targets/inprocess-adapter.ts";
import { stringifyLossless, type JsonValue } from "../../src/json/lossless.ts";
import type { CallMessage, CallResponse, StartResponse } from "../../src/targets/protocol.ts";
import {
  AdapterError,
  classify,
  defaultBody,
  defaultResultCode,
  defaultStatus,
  describe,
  type ErrorKind,
  type ErrorMatcher,
} from "./errors.ts";
import { toJson, type Encoder } from "./to-json.ts";

export { serveStdio } from "../../src/targets/stdio-loop.ts";
export type { InProcessAdapter } from "../../src/targets/inprocess-adapter.ts";
export { jsonText, JsonText, type Encoder } from "./to-json.ts";
export { classify, type ErrorClass, type ErrorKind, type ErrorMatcher, type ErrorPredicate } from "./errors.ts";

/** What a call gives the adapter: path parameters, query parameters and the JSON body. */
export type CallRequest = CallMessage["request"];
export type Credentials = CallMessage["credentials"];
/** How the kit asks the client to be configured: the timeout from the handshake, when there is one. */
export interface ClientOptions {
  /** Milliseconds to wait for an answer (connecting included) before giving up with a transport error. */
  timeoutMs?: number;
}
/** One operation: call the SDK and return what it handed over (or nothing, for a void method). */
export type Operation<C> = (client: C, request: CallRequest) => unknown;

export interface AdapterDefinition<C> {
  name: string;
  /** [sdk name, sdk version] */
  sdk: [string, string];
  /** The adapter's own version. @defaultValue "1.0.0" */
  version?: string;
  /** How the SDK represents a decoded response. @defaultValue `{ nulls: "keep", keys: "camelCase" }` */
  traits?: Partial<StartResponse["traits"]>;
  /** Builds the SDK's client; `options.timeoutMs` is the timeout to configure it with (see `configuresTimeout`). */
  client(baseUrl: string, credentials: Credentials, options: ClientOptions): C | Promise<C>;
  /**
   * True when `client` configures the SDK with `options.timeoutMs`. Left out (or false), the kit is
   * told the SDK takes no timeout: the cases that delay or hang the answer are not served and a
   * warning says so. @defaultValue false
   */
  configuresTimeout?: boolean;
  /**
   * operationId → the call, or the name of a client method (`"clients.delete"`) called with
   * {@link args}. Every other operation is answered "unsupported" (reported, not failed).
   */
  operations: Record<string, Operation<C> | string>;
  /** Operations the SDK does not implement, declared in the handshake so the kit never calls them. */
  unsupported?: string[];
  /**
   * Request parameters the SDK cannot take, per operationId (`*`: every operation): pointers such as
   * `/body/*` or `/query/limit`, declared in the handshake so the kit never asks them.
   */
  unsupportedParameters?: Record<string, string[]>;
  /** The SDK's own errors, by kind: classes or predicates; anything else thrown is `unexpected`. */
  errors: Partial<Record<ErrorKind, ErrorMatcher>>;
  /** The HTTP status an error carries (default: status, statusCode, status_code, getStatusCode(), response.status, …). */
  status?(e: unknown): number | undefined;
  /** The raw body an error carries, text or JSON (default: body, responseBody, data, response.data, …). */
  body?(e: unknown): unknown;
  /** The Authlete `resultCode` an error carries (default: resultCode / result_code, else the body's). */
  resultCode?(e: unknown, body: unknown): string | undefined;
  /** The underlying error an error keeps (default: `cause`). */
  cause?(e: unknown): unknown;
  /** Classes the defaults cannot turn into JSON, with how to (`[Money, (m) => m.toString()]`). */
  encoders?: readonly Encoder[];
}

/**
 * The positional arguments of a call, for SDK methods that take them: the path parameters in
 * path order (without `serviceId`, which SDKs take as a client setting), then the body if any.
 */
export function args(request: CallRequest): unknown[] {
  const path = Object.entries(request.pathParams)
    .filter(([k]) => k !== "serviceId")
    .map(([, v]) => v);
  return request.body === undefined ? path : [...path, request.body];
}

/** `client.a.b(...args)` for a method named "a.b". */
function byName<C>(name: string): Operation<C> {
  return (client, request) => {
    const steps = name.split(".");
    const owner = steps.slice(0, -1).reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], client);
    const method = (owner as Record<string, unknown> | undefined)?.[steps.at(-1)!];
    if (typeof method !== "function") throw new AdapterError(`the client has no method ${name}`);
    return (method as (...a: unknown[]) => unknown).apply(owner, args(request));
  };
}

/** A raw body as the protocol's text: text as it is, bytes as UTF-8, parsed JSON written back. */
function bodyText(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return body;
  try {
    return stringifyLossless(body as JsonValue);
  } catch {
    return String(body);
  }
}

export function defineAdapter<C>(d: AdapterDefinition<C>): InProcessAdapter {
  const traits = { nulls: d.traits?.nulls ?? "keep", keys: d.traits?.keys ?? "camelCase" } as const;
  let options: ClientOptions = {};

  const errorAnswer = (e: unknown): CallResponse => {
    const kind = classify(e, d.errors);
    if (!kind) return { error: { kind: "unexpected", message: describe(e) } };
    const body = d.body ? d.body(e) : defaultBody(e);
    const status = d.status ? d.status(e) : defaultStatus(e);
    const resultCode = d.resultCode ? d.resultCode(e, body) : defaultResultCode(e, body);
    const message = e instanceof Error ? e.message : String(e);
    const text = bodyText(body);
    const cause = d.cause ? d.cause(e) : (e as { cause?: unknown } | null)?.cause;
    return {
      error: {
        kind,
        message,
        ...(status !== undefined ? { status } : {}),
        ...(resultCode !== undefined ? { resultCode } : {}),
        ...(text !== undefined ? { body: text } : {}),
        ...(cause !== undefined && cause !== null ? { cause: describe(cause) } : {}),
      },
    };
  };

  return {
    start: (msg) => {
      options = msg?.timeoutMs !== undefined ? { timeoutMs: msg.timeoutMs } : {};
      return {
        ok: true,
        name: d.name,
        version: d.version ?? "1.0.0",
        language: "typescript",
        sdk: { name: d.sdk[0], version: d.sdk[1] },
        traits,
        ...(d.unsupported?.length ? { unsupported: d.unsupported } : {}),
        ...(d.unsupportedParameters ? { unsupportedParameters: d.unsupportedParameters } : {}),
        timeout: d.configuresTimeout && options.timeoutMs !== undefined ? "configured" : "unsupported",
      };
    },
    async call(msg): Promise<CallResponse> {
      const given = d.operations[msg.operationId];
      if (given === undefined)
        return { unsupported: { message: `${msg.operationId} is not implemented by ${d.sdk[0]}` } };
      const op = typeof given === "string" ? byName<C>(given) : given;
      try {
        let result: unknown;
        try {
          result = await op(await d.client(msg.baseUrl, msg.credentials, { ...options }), msg.request);
        } catch (e) {
          if (e instanceof AdapterError) throw e;
          return errorAnswer(e);
        }
        // A method that returned nothing (the 204 operations) is a void result, not an error.
        if (result === undefined) return { result: {} };
        return { result: { decoded: toJson(result, d.encoders) } };
      } catch (e) {
        // The helper or a hook failed: the adapter's problem, never the SDK's error.
        return {
          error: {
            kind: "adapter",
            message: e instanceof AdapterError ? e.message : `adapter hook failed: ${describe(e)}`,
          },
        };
      }
    },
  };
}
