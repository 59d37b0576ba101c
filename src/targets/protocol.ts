import type { SdkOutcome, SdkTraits } from "../model/observed.ts";
import { isJsonObject, stringifyLossless, type JsonValue } from "../json/lossless.ts";

/** Adapter protocol version; see docs/adapter-protocol.md. */
export const PROTOCOL_VERSION = 1;

export interface StartResponse {
  ok: true;
  name: string;
  version?: string;
  language?: string;
  sdk?: { name: string; version?: string };
  traits: SdkTraits;
  unsupported?: string[];
}

export interface CallMessage {
  id: string;
  operationId: string;
  baseUrl: string;
  credentials: { serviceId: string; accessToken: string };
  request: { pathParams: Record<string, string>; query: Record<string, string>; body?: unknown };
}

export type CallResponse =
  | { result: { decoded: JsonValue } }
  | { error: { kind: "api" | "decode" | "transport" | "unexpected"; message: string; status?: number; resultCode?: string } }
  | { unsupported: { message?: string } };

const ERROR_KINDS = new Set(["api", "decode", "transport", "unexpected"]);

/** Checks a start answer; returns a problem description or undefined. */
export function startProblem(x: unknown): string | undefined {
  if (!isJsonObject(x) || x.ok !== true) return "start answer lacks ok: true";
  if (typeof x.name !== "string") return 'start answer lacks "name"';
  const t = x.traits;
  if (!isJsonObject(t) || (t.nulls !== "keep" && t.nulls !== "absent") || (t.keys !== "camelCase" && t.keys !== "snake_case")) return 'start answer needs traits {nulls: "keep"|"absent", keys: "camelCase"|"snake_case"}';
  if (x.unsupported !== undefined && !(Array.isArray(x.unsupported) && x.unsupported.every((u) => typeof u === "string"))) return '"unsupported" must be a list of operationIds';
  return undefined;
}

/** Turns a call answer into the observation's outcome; a malformed answer is a protocol failure. */
export function toOutcome(x: unknown): SdkOutcome {
  if (isJsonObject(x) && isJsonObject(x.result) && "decoded" in x.result) return { kind: "decoded", value: stringifyLossless(x.result.decoded as JsonValue) };
  if (isJsonObject(x) && isJsonObject(x.error) && ERROR_KINDS.has(x.error.kind as string)) {
    const e = x.error;
    return {
      kind: "error",
      errorKind: e.kind as "api",
      message: typeof e.message === "string" ? e.message : "",
      ...(typeof e.status === "number" ? { status: e.status } : {}),
      ...(typeof e.resultCode === "string" ? { resultCode: e.resultCode } : {}),
    };
  }
  if (isJsonObject(x) && isJsonObject(x.unsupported)) return { kind: "unsupported", ...(typeof x.unsupported.message === "string" ? { message: x.unsupported.message } : {}) };
  return { kind: "adapter-failure", reason: "protocol", message: `call answer is none of result / error / unsupported: ${JSON.stringify(x)?.slice(0, 200)}` };
}
