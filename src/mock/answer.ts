import type { ServerResponse } from "node:http";
import type { Contract } from "../contracts/model.ts";
import { apiName, defaultResultCode, resultBody } from "./result-codes.ts";

/**
 * A failure the mock injects instead of (or, for `delay`, before) the scripted answer.
 * `status` takes Authlete's error statuses (400, 401, 403, 404, 500; see AUTHLETE_ERROR_STATUSES);
 * the type says `number` so callers can pass a planned status through without a cast.
 */
export type Fault =
  | { kind: "status"; status: number; resultCode?: string; resultMessage?: string }
  | { kind: "delay"; ms: number }
  | { kind: "truncate" }
  /** Like truncate, but the connection is reset (TCP RST) after half the body. */
  | { kind: "reset-mid-body" }
  | { kind: "non-json" }
  | { kind: "reset" }
  | { kind: "hang" };

/** How the mock answers one call. */
export interface Answer {
  /** Default: the operation's documented success status. */
  status?: number;
  /** The exact bytes to send (UTF-8). Default: the mock's fallback body for the operation. */
  body?: string;
  /** Default: the operation's success media type (application/json when it has none and a body is sent). */
  contentType?: string | null;
  headers?: Record<string, string>;
  fault?: Fault;
}

/** What serving needs from the server around it. */
export interface ServeContext {
  fallbackBody: (contract: Contract) => string;
  /** Resolves true after `ms`, or false as soon as the mock closes (then nothing is sent). */
  wait(ms: number): Promise<boolean>;
}

/** The garbage a `non-json` fault sends: what a proxy in front of Authlete answers when it fails. */
export const NON_JSON_BODY =
  "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";

/** Sends an answer or enacts its fault. Never throws for a closed socket; a bad header throws. */
export async function serve(res: ServerResponse, contract: Contract, a: Answer, ctx: ServeContext): Promise<void> {
  const f = a.fault;
  if (f?.kind === "delay" && !(await ctx.wait(f.ms))) return; // Scenario: the mock closed during the delay.
  // Scenario: hang, never answer; close() destroys the socket.
  if (f?.kind === "hang") return;
  // Scenario: reset, drop the connection with a TCP RST and no answer.
  if (f?.kind === "reset") return resetSocket(res.socket);
  // Scenario: an Authlete error answer.
  if (f?.kind === "status") {
    const code = f.resultCode ?? defaultResultCode(f.status);
    const body =
      f.resultMessage !== undefined
        ? JSON.stringify({ resultCode: code, resultMessage: f.resultMessage })
        : resultBody(code, `injected error ${f.status}.`, apiName(contract.path));
    return send(res, f.status, "application/json", body, a.headers);
  }
  // Scenario: a 2xx that is not JSON.
  if (f?.kind === "non-json") return send(res, 200, "text/html; charset=utf-8", NON_JSON_BODY, a.headers);
  const status = a.status ?? contract.response.status;
  const body = a.body ?? ctx.fallbackBody(contract);
  const contentType =
    a.contentType !== undefined ? a.contentType : (contract.response.contentType ?? (body ? "application/json" : null));
  // Scenario: truncated, half the bytes under the full Content-Length, then the connection is cut (or reset).
  if (f?.kind === "truncate" || f?.kind === "reset-mid-body")
    return truncate(res, status, contentType, body, a.headers, f.kind === "reset-mid-body");
  // Scenario: the answer, byte for byte.
  send(res, status, contentType, body, a.headers);
}

/** Writes a complete answer; Content-Length is always the exact byte count. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string | null,
  body: string,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const h: Record<string, string> = { ...headers };
  // 204 and 304 carry no body and, by RFC 9110, no Content-Length.
  const bodyless = status === 204 || status === 304;
  if (contentType && !bodyless) h["content-type"] = contentType;
  if (!bodyless) h["content-length"] = String(Buffer.byteLength(body));
  res.writeHead(status, h);
  res.end(bodyless ? undefined : body);
}

function truncate(
  res: ServerResponse,
  status: number,
  contentType: string | null,
  body: string,
  headers: Record<string, string> = {},
  reset = false,
): void {
  if (res.destroyed) return;
  const bytes = Buffer.from(body);
  const h: Record<string, string> = { ...headers };
  if (contentType) h["content-type"] = contentType;
  // An empty body cannot be cut short; promising one byte still leaves the client short.
  h["content-length"] = String(Math.max(1, bytes.length));
  res.writeHead(status, h);
  res.flushHeaders();
  const socket = res.socket;
  // A reset from inside the write's own callback still closes with a FIN: it waits for a timer tick.
  const cut = () => (reset ? setTimeout(() => resetSocket(socket), 1) : socket?.destroy());
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), cut);
  // write() may not call back when there is nothing to write.
  if (bytes.length < 2) setImmediate(cut);
}

function resetSocket(s: ServerResponse["socket"]): void {
  if (!s || s.destroyed) return;
  if (typeof s.resetAndDestroy === "function") s.resetAndDestroy();
  else s.destroy();
}
