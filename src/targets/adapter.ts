import type { SdkOutcome } from "../model/observed.ts";
import type { CallMessage, StartResponse } from "./protocol.ts";

/** The credentials a run gives the mock and the target. */
export interface Credentials {
  serviceId: string;
  accessToken: string;
}

/** The request parameters an adapter passes to its SDK for one call. */
export type CallParameters = CallMessage["request"];

/** What an adapter says about itself and its SDK at start (the protocol's start answer). */
export type Handshake = Omit<StartResponse, "ok">;

/** An SDK adapter as the engine drives it (stdio process or in-process module). */
export interface AdapterPort {
  start(): Promise<Handshake>;
  call(req: CallMessage, timeoutMs: number): Promise<SdkOutcome>;
  stop(): Promise<void>;
}
