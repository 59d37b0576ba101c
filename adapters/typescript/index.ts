/**
 * Adapter helper for TypeScript/JavaScript SDKs, the same shape as the Python and Ruby helpers:
 * say how to build the client, how to call each operation, and which errors are the SDK's own.
 * The result is an in-process adapter (`export default defineAdapter({...})`, run with
 * `--sdk path/to/adapter.ts`); `serveStdio(defineAdapter({...}))` runs it as a process instead.
 * Integers the SDK keeps as bigint stay exact; `undefined` properties are absent.
 */
import type { InProcessAdapter } from "../../src/targets/inprocess-adapter.ts";
import type { CallMessage, CallResponse, StartResponse } from "../../src/targets/protocol.ts";
import type { JsonValue } from "../../src/json/lossless.ts";

export { serveStdio } from "../../src/targets/stdio-loop.ts";

type ErrorClass = abstract new (...args: never[]) => Error;

export interface AdapterDefinition<C> {
  name: string;
  /** [sdk name, sdk version] */
  sdk: [string, string];
  traits?: StartResponse["traits"];
  client(baseUrl: string, credentials: CallMessage["credentials"]): C;
  /** operationId → call; every other operation is answered "unsupported" (reported, not failed). */
  operations: Record<string, (client: C, request: CallMessage["request"]) => unknown>;
  /** Operations the SDK does not implement, declared in the handshake so the kit never calls them. */
  unsupported?: string[];
  /** The SDK's own error classes, by kind; anything else thrown is reported as `unexpected`. */
  errors: { api?: ErrorClass; decode?: ErrorClass; transport?: ErrorClass };
  /** Status and resultCode of an api error (default: its `status` and `resultCode` properties). */
  apiDetails?(e: Error): { status?: number; resultCode?: string };
}

export function defineAdapter<C>(d: AdapterDefinition<C>): InProcessAdapter {
  const kindOf = (e: unknown) => (["api", "decode", "transport"] as const).find((k) => d.errors[k] && e instanceof d.errors[k]!);
  return {
    start: () => ({ ok: true, name: d.name, version: "1.0.0", language: "typescript", sdk: { name: d.sdk[0], version: d.sdk[1] }, traits: d.traits ?? { nulls: "keep", keys: "camelCase" }, ...(d.unsupported?.length ? { unsupported: d.unsupported } : {}) }),
    async call(msg): Promise<CallResponse> {
      const op = d.operations[msg.operationId];
      if (!op) return { unsupported: { message: `${msg.operationId} is not implemented by ${d.sdk[0]}` } };
      try {
        return { result: { decoded: (await op(d.client(msg.baseUrl, msg.credentials), msg.request)) as JsonValue } };
      } catch (e) {
        const kind = kindOf(e);
        if (!kind) throw e; // not the SDK's own error: the kit reports it as unexpected
        const err = e as Error & { status?: unknown; resultCode?: unknown };
        if (kind !== "api") return { error: { kind, message: err.message } };
        const details = d.apiDetails?.(err) ?? { ...(typeof err.status === "number" ? { status: err.status } : {}), ...(typeof err.resultCode === "string" ? { resultCode: err.resultCode } : {}) };
        return { error: { kind: "api", message: err.message, ...details } };
      }
    },
  };
}
