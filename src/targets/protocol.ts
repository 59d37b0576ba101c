/**
 * Adapter protocol v1 (docs/adapter-protocol.md): message types and their validation against the
 * JSON Schema files in `protocol/`, in both directions. Only the envelope is validated; the
 * decoded object inside a result is any JSON and may hold bigint integers.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import type { JsonValue } from "../json/lossless.ts";
import type { SdkOutcome, SdkTraits } from "../model/observed.ts";

/** The protocol version the kit speaks. */
export const PROTOCOL_VERSION = 1;

export type Command = "start" | "call" | "stop";

/** The `call` command without its envelope (`version`, `seq`, `cmd`). */
export interface CallMessage {
  /** The case id, for the adapter's logs. */
  id: string;
  operationId: string;
  baseUrl: string;
  credentials: { serviceId: string; accessToken: string };
  request: { pathParams: Record<string, string>; query: Record<string, string>; body?: JsonValue };
}

/** The `start` command without its envelope. */
export interface StartMessage {
  /** The timeout to configure the SDK's HTTP client with, in milliseconds. */
  timeoutMs?: number;
}

/** The adapter's answer to `start`, without `seq`. */
export interface StartResponse {
  ok: true;
  name: string;
  version: string;
  language: string;
  sdk: { name: string; version: string };
  traits: SdkTraits;
  unsupported?: string[];
  /**
   * Per operationId (or `*` for every operation): request pointers (`/body/clientId`, `/query/limit`,
   * `*` for any one segment) the SDK cannot take. The kit never asks them.
   */
  unsupportedParameters?: Record<string, string[]>;
  /** Whether the SDK was configured with the start message's `timeoutMs` (absent: it was not). */
  timeout?: "configured" | "unsupported";
}

/** The adapter's answer to `call`, without `seq`: exactly one of result, error, unsupported. */
export type CallResponse =
  | { result: { /** Absent when the SDK's method returned nothing (void); recorded as `null`. */ decoded?: JsonValue } }
  | {
      error: {
        kind: "api" | "decode" | "transport" | "unexpected" | "adapter";
        message: string;
        status?: number;
        resultCode?: string;
        /** The raw body the SDK's error keeps. */
        body?: string;
        /** The underlying error the SDK's error keeps. */
        cause?: string;
      };
    }
  | { unsupported: { message?: string } };

const BASE = "https://conformance.invalid/targets/protocol/";
const DIR = join(import.meta.dirname, "protocol");
const read = (file: string): object => JSON.parse(readFileSync(join(DIR, file), "utf8")) as object;

const ajv = new Ajv({ strict: true, allErrors: true });
for (const f of ["commands/start.json", "commands/call.json", "commands/stop.json", "v1.json"]) ajv.addSchema(read(f));

const compiled = new Map<string, ValidateFunction>();
const validator = (ref: string): ValidateFunction => {
  let fn = compiled.get(ref);
  if (!fn) compiled.set(ref, (fn = ajv.compile({ $ref: BASE + ref })));
  return fn;
};

const describe = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .slice(0, 3)
    .map(
      (e) =>
        `${e.instancePath || "/"} ${e.message ?? e.keyword}${e.keyword === "additionalProperties" ? ` (${String(e.params.additionalProperty)})` : ""}${e.keyword === "enum" || e.keyword === "const" ? ` ${JSON.stringify(e.params.allowedValues ?? e.params.allowedValue)}` : ""}`,
    )
    .join("; ");

// The envelope alone (v1.json without its oneOf), for messages that name no known command.
const envelope = ajv.compile({
  type: "object",
  required: ["version", "seq", "cmd"],
  properties: Object.fromEntries(
    ["version", "seq", "cmd"].map((k) => [k, { $ref: `${BASE}v1.json#/properties/${k}` }]),
  ),
});

/** Problems with a message the kit is about to send, or undefined (protocol/v1.json). */
export function commandProblem(message: unknown): string | undefined {
  const fn = validator("v1.json");
  if (fn(message)) return undefined;
  // oneOf errors list every branch: the envelope, then the branch named by `cmd`, say what is wrong.
  if (!envelope(message)) return describe(envelope.errors);
  const branch = validator(`commands/${(message as { cmd: string }).cmd}.json`);
  return branch(message) ? describe(fn.errors) : describe(branch.errors);
}

/** Problems with an adapter's answer to `cmd` (its command's `$defs.response`), or undefined. */
export function answerProblem(cmd: Command, answer: unknown): string | undefined {
  if (cmd === "call") {
    // Judge the answer by the one branch it claims to be, so the message names the real problem.
    const o = typeof answer === "object" && answer !== null ? answer : {};
    const claimed = ["result", "error", "unsupported"].filter((k) => k in o);
    if (claimed.length !== 1)
      return `a call answer holds exactly one of "result", "error", "unsupported" (found ${claimed.length ? claimed.join(", ") : "none"})`;
    const fn = validator(`commands/call.json#/$defs/${claimed[0]}`);
    return fn(answer) ? undefined : describe(fn.errors);
  }
  const fn = validator(`commands/${cmd}.json#/$defs/response`);
  return fn(answer) ? undefined : describe(fn.errors);
}

/**
 * Turns a valid call answer into the observation's outcome. `decodedText` is the decoded value's
 * text exactly as the adapter wrote it (`null` for a void result); the checks parse it losslessly themselves.
 */
export function outcomeOf(answer: CallResponse, decodedText: string): SdkOutcome {
  if ("result" in answer) return { kind: "decoded", value: decodedText };
  if ("error" in answer) {
    const e = answer.error;
    // The adapter failing itself (a hook, a result it cannot serialise) is never the SDK's error.
    if (e.kind === "adapter") return { kind: "adapter-failure", reason: "failed", message: e.message };
    return {
      kind: "error",
      errorKind: e.kind,
      message: e.message,
      ...(e.status !== undefined ? { status: e.status } : {}),
      ...(e.resultCode !== undefined ? { resultCode: e.resultCode } : {}),
      ...(e.body !== undefined ? { body: e.body } : {}),
      ...(e.cause !== undefined ? { cause: e.cause } : {}),
    };
  }
  return {
    kind: "unsupported",
    ...(answer.unsupported.message !== undefined ? { message: answer.unsupported.message } : {}),
  };
}
