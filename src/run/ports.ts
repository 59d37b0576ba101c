import type { RecordedRequest } from "../checks/observation.ts";
import type { Contract } from "../contracts/model.ts";
import type { Fault } from "../mock/answer.ts";
import type { AdapterPort, CallParameters, Credentials } from "../targets/adapter.ts";

export type { AdapterPort, CallParameters, Credentials, Handshake } from "../targets/adapter.ts";

/** What the engine needs from the mock Authlete API for one lane. */
export interface MockPort {
  readonly url: string;
  /** Serve this answer for every call of the operation until replaced. */
  answer(
    operationId: string,
    answer: { status: number; body: string; contentType: string | null; fault?: Fault },
  ): void;
  /** Requests received since the last call, then forgotten. */
  takeRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/** Factories the run is given, so the engine core imports no concrete mock or target. */
export interface RunParts {
  startMock(credentials: Credentials): Promise<MockPort>;
  /** Opens an adapter whose messages pass through `redact` before they are cut and kept. */
  openAdapter(redact?: (text: string) => string): AdapterPort;
  /**
   * The call parameters of one case (the same for the same case id), never asking a parameter the
   * adapter declared it cannot take (`unsupported`: request pointers, `*` for one segment).
   */
  buildRequest(
    contract: Contract,
    credentials: Credentials,
    caseId: string,
    unsupported: readonly string[],
  ): CallParameters;
}
