/** Messages between the kit and an adapter worker (adapter-worker.ts, worker-adapter.ts). */
import type { JsonValue } from "../json/lossless.ts";
import type { AdapterFailure } from "./sdk-adapter.ts";

/** From the kit: the protocol's commands, one at a time, each with its own seq. */
export type ToWorker =
  | { seq: number; cmd: "start"; timeoutMs?: number }
  | { seq: number; cmd: "call"; msg: unknown }
  | { seq: number; cmd: "stop" };

/**
 * From the worker: an answer (a `result` answer carries its decoded value as lossless text, with
 * `decoded: null` in its place), a failure of that call, or a fatal error that ends the worker
 * (charged to the message in flight, `seq: null` when there was none).
 */
export type FromWorker =
  | { seq: number; answer: JsonValue; decodedText?: string }
  | { seq: number; failure: Pick<AdapterFailure, "reason" | "message"> }
  | { seq: number | null; fatal: string };
