import type { RecordedRequest, SdkOutcome } from "../checks/observation.ts";
import type { CallMessage, StartResponse } from "../targets/protocol.ts";
import type { Contract } from "../contracts/model.ts";

/** What the engine needs from the mock Authlete API for one lane. */
export interface MockPort {
  readonly url: string;
  /** Serve this answer for every call of the operation until replaced. */
  answer(operationId: string, answer: { status: number; body: string; contentType: string | null }): void;
  /** Requests received since the last call, then forgotten. */
  takeRequests(): RecordedRequest[];
  close(): Promise<void>;
}

export interface Credentials {
  serviceId: string;
  accessToken: string;
}

/** The request parameters an adapter passes to its SDK for one call. */
export type CallParameters = CallMessage["request"];

/** What an adapter says about itself and its SDK at start (the protocol's start answer). */
export type Handshake = Omit<StartResponse, "ok">;

/** What the engine needs from an SDK adapter (stdio process or in-process module). */
export interface AdapterPort {
  start(): Promise<Handshake>;
  call(req: CallMessage, timeoutMs: number): Promise<SdkOutcome>;
  stop(): Promise<void>;
}

/** Factories the run is given, so the engine imports no concrete mock or target. */
export interface RunParts {
  startMock(credentials: Credentials): Promise<MockPort>;
  openAdapter(): AdapterPort;
  buildRequest(contract: Contract, credentials: Credentials): CallParameters;
}
