/**
 * The one interface the engine drives an SDK through, whatever its language: a stdio process
 * (stdio-adapter.ts) or a TypeScript/JavaScript module loaded in process (inprocess-adapter.ts).
 */
import type { SdkOutcome } from "../model/observed.ts";
import type { CallMessage, StartResponse } from "./protocol.ts";

/** The credentials a run gives the mock and the target. */
export interface Credentials {
  serviceId: string;
  accessToken: string;
}

/** One call the engine asks for: the protocol's `call` command without its envelope. */
export type CallRequest = CallMessage;

/** The request parameters an adapter passes to its SDK for one call. */
export type CallParameters = CallMessage["request"];

/** What an adapter says about itself and its SDK at start (the start answer without `ok`). */
export type Handshake = Omit<StartResponse, "ok">;

/** The outcome of an adapter that failed itself (not its SDK), for one call. */
export type AdapterFailure = Extract<SdkOutcome, { kind: "adapter-failure" }>;

/**
 * An SDK adapter as the engine drives it.
 *
 * `start` rejects when the adapter cannot be started or handshaken (a start-up error: exit 2).
 * `call` never rejects for a problem of that call: a crash, hang, garbage or malformed answer is
 * an `adapter-failure` outcome, and the adapter is ready (restarted if need be) for the next call.
 * `stop` ends the adapter and everything it started; it never rejects.
 * Calls are made one at a time (a run drives several adapters for parallelism, one per lane).
 */
export interface SdkAdapter {
  start(): Promise<Handshake>;
  call(req: CallRequest, timeoutMs: number): Promise<SdkOutcome>;
  stop(): Promise<void>;
}

/** Builds an adapter-failure outcome. */
export const adapterFailure = (reason: AdapterFailure["reason"], message: string): AdapterFailure => ({
  kind: "adapter-failure",
  reason,
  message,
});
