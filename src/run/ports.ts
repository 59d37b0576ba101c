import type { RecordedRequest, SdkOutcome, SdkTraits } from "../checks/observation.ts";
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
export interface CallParameters {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
}

export interface Handshake {
  name: string;
  version?: string;
  language?: string;
  sdk?: { name: string; version?: string };
  traits: SdkTraits;
  unsupported?: string[];
}

/** What the engine needs from an SDK adapter (stdio process or in-process module). */
export interface AdapterPort {
  start(): Promise<Handshake>;
  call(req: { id: string; operationId: string; baseUrl: string; credentials: Credentials; request: CallParameters }, timeoutMs: number): Promise<SdkOutcome>;
  stop(): Promise<void>;
}

/** Factories the run is given, so the engine imports no concrete mock or target. */
export interface RunParts {
  startMock(credentials: Credentials): Promise<MockPort>;
  openAdapter(): AdapterPort;
  buildRequest(contract: Contract, credentials: Credentials): CallParameters;
}
