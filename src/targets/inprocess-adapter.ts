/**
 * Drives a TypeScript/JavaScript adapter: the same messages as the stdio protocol, as method
 * calls. A module (it exports `createAdapter()`, or a default: the adapter or a function making
 * one) runs isolated in a worker thread; an adapter object runs in this thread. Answers are
 * validated against the same schemas as stdio answers.
 */
import { stringifyLossless } from "../json/lossless.ts";
import type { SdkOutcome } from "../model/observed.ts";
import { NotJsonError, toJsonValue } from "./json-value.ts";
import {
  answerProblem,
  commandProblem,
  outcomeOf,
  PROTOCOL_VERSION,
  type CallMessage,
  type CallResponse,
  type StartMessage,
  type StartResponse,
} from "./protocol.ts";
import { scrubOutcome } from "./scrub.ts";
import { adapterFailure, type Handshake, type SdkAdapter } from "./sdk-adapter.ts";
import { workerAdapter, type WorkerAdapterOptions } from "./worker-adapter.ts";

/**
 * What an adapter module provides. `call` classifies the SDK's own errors itself and returns
 * them as `error` answers; an exception escaping `call` is the SDK's raw runtime error surfacing
 * (a TypeError, a parser's SyntaxError) and is reported as `error.kind: "unexpected"`.
 */
export interface InProcessAdapter {
  /** `msg.timeoutMs`: the timeout to configure the SDK with (docs/adapter-protocol.md). */
  start(msg?: StartMessage): StartResponse | Promise<StartResponse>;
  call(msg: CallMessage): CallResponse | Promise<CallResponse>;
  stop?(): void | Promise<void>;
}

export type InProcessOptions = WorkerAdapterOptions;

/** Settles like the promise, or like `late()` (its value or its exception) after `ms`. */
async function within<T>(p: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => {
        try {
          resolve(late());
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }, ms);
    });
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`);

/** Validates a call answer and turns it into an outcome; anything that is not JSON data is a protocol failure. */
function outcome(raw: unknown): SdkOutcome {
  let answer;
  try {
    answer = toJsonValue(raw);
  } catch (e) {
    if (e instanceof NotJsonError) return adapterFailure("protocol", `call answer: ${e.message}`);
    throw e;
  }
  // The envelope is checked as a stdio answer would be, with the seq a process would echo.
  const problem = answerProblem("call", { seq: 1, ...(answer as object) });
  if (problem) return adapterFailure("protocol", `call answer does not match the protocol: ${problem}`);
  const a = answer as CallResponse;
  return outcomeOf(a, "result" in a ? stringifyLossless(a.result.decoded ?? null) : "");
}

/**
 * An {@link SdkAdapter} for an adapter module (a file path: run isolated in a worker thread, see
 * worker-adapter.ts) or an adapter object (library use: run in this thread, so a call that outlives
 * its timeout is reported as `timeout` and runs on unobserved).
 */
export function inProcessAdapter(source: string | InProcessAdapter, opts: InProcessOptions = {}): SdkAdapter {
  if (typeof source === "string") return workerAdapter(source, opts);
  const impl: InProcessAdapter = source;
  let busy = false;
  const name = "in-process adapter";
  return {
    async start(): Promise<Handshake> {
      const startMs = opts.startTimeoutMs ?? 15_000;
      const hello = await within(
        (async () => {
          return toJsonValue(await impl.start(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}));
        })(),
        startMs,
        () => {
          throw new Error(`${name}: no answer to start within ${startMs} ms`);
        },
      );
      const problem = answerProblem("start", { seq: 1, ...(hello as object) });
      if (problem) throw new Error(`${name}: start answer does not match the protocol: ${problem}`);
      const { ok: _ok, ...handshake } = hello as unknown as StartResponse;
      return handshake;
    },

    async call(req, timeoutMs): Promise<SdkOutcome> {
      // Same contract as stdio: the kit sends one call at a time, so overlapping calls are a kit bug.
      if (busy)
        throw new Error(`${name}: call sent while another call is unanswered: an adapter takes one message at a time`);
      const problem = commandProblem({ version: PROTOCOL_VERSION, seq: 1, cmd: "call", ...req });
      if (problem) throw new TypeError(`the kit built an invalid call message: ${problem}`);
      const run = impl;
      // A copy: an SDK that mutates its input must not change the next case's request.
      const msg = structuredClone(req);
      const answer = (async (): Promise<SdkOutcome> => {
        try {
          return scrubOutcome(outcome(await run.call(msg)), opts.redact);
        } catch (e) {
          return { kind: "error", errorKind: "unexpected", message: describe(e) };
        }
      })();
      busy = true;
      try {
        return await within(answer, timeoutMs, () =>
          adapterFailure(
            "timeout",
            `no answer to call within ${timeoutMs} ms (an in-process call cannot be stopped; it runs on unobserved)`,
          ),
        );
      } finally {
        busy = false;
      }
    },

    async stop() {
      try {
        await impl.stop?.();
      } catch {
        // Stopping must not fail a run that has already been judged.
      }
    },
  };
}
