/**
 * Drives a TypeScript/JavaScript adapter module in this process: the same messages as the stdio
 * protocol, as method calls. The module exports `createAdapter()` (or a default: the adapter, or
 * a function making one). Answers are validated against the same schemas as stdio answers.
 */
import { stringifyLossless } from "../json/lossless.ts";
import type { SdkOutcome } from "../model/observed.ts";
import { importModule } from "./import-module.ts";
import { NotJsonError, toJsonValue } from "./json-value.ts";
import { answerProblem, commandProblem, outcomeOf, PROTOCOL_VERSION, type CallMessage, type CallResponse, type StartResponse } from "./protocol.ts";
import { adapterFailure, type Handshake, type SdkAdapter } from "./sdk-adapter.ts";

/**
 * What an adapter module provides. `call` classifies the SDK's own errors itself and returns
 * them as `error` answers; an exception escaping `call` is the SDK's raw runtime error surfacing
 * (a TypeError, a parser's SyntaxError) and is reported as `error.kind: "unexpected"`.
 */
export interface InProcessAdapter {
  start(): StartResponse | Promise<StartResponse>;
  call(msg: CallMessage): CallResponse | Promise<CallResponse>;
  stop?(): void | Promise<void>;
}

export interface InProcessOptions {
  /** How long `start` (module loading included) may take. @defaultValue 15 000 ms */
  startTimeoutMs?: number;
}

type Module = { createAdapter?: unknown; default?: unknown };

async function load(file: string): Promise<InProcessAdapter> {
  const mod = (await importModule(file)) as Module;
  const made = mod.createAdapter ?? mod.default;
  const impl = (typeof made === "function" ? await (made as () => unknown)() : made) as Partial<InProcessAdapter> | undefined;
  if (typeof impl?.start !== "function" || typeof impl.call !== "function") throw new Error(`${file} exports no adapter: export createAdapter() or a default with start() and call()`);
  return impl as InProcessAdapter;
}

/** Settles like the promise, or like `late()` (its value or its exception) after `ms`. */
async function within<T>(p: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<T>((resolve, reject) => {
      timer = setTimeout(() => {
        try {
          resolve(late());
        } catch (e) {
          reject(e);
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
 * An {@link SdkAdapter} for an adapter module (a file path) or an adapter object. A call that
 * outlives its timeout is reported as `timeout`; it cannot be killed, so it runs on unobserved.
 */
export function inProcessAdapter(source: string | InProcessAdapter, opts: InProcessOptions = {}): SdkAdapter {
  let impl: InProcessAdapter | undefined;
  let busy = false;
  const name = typeof source === "string" ? source : "in-process adapter";
  return {
    async start(): Promise<Handshake> {
      const startMs = opts.startTimeoutMs ?? 15_000;
      const hello = await within(
        (async () => {
          impl = typeof source === "string" ? await load(source) : source;
          return toJsonValue(await impl.start());
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
      if (!impl) return adapterFailure("protocol", "call before start");
      // Same contract as stdio: the kit sends one call at a time, so overlapping calls are a kit bug.
      if (busy) throw new Error(`${name}: call sent while another call is unanswered: an adapter takes one message at a time`);
      const problem = commandProblem({ version: PROTOCOL_VERSION, seq: 1, cmd: "call", ...req });
      if (problem) throw new TypeError(`the kit built an invalid call message: ${problem}`);
      const run = impl;
      // A copy: an SDK that mutates its input must not change the next case's request.
      const msg = structuredClone(req);
      const answer = (async (): Promise<SdkOutcome> => {
        try {
          return outcome(await run.call(msg));
        } catch (e) {
          return { kind: "error", errorKind: "unexpected", message: describe(e) };
        }
      })();
      busy = true;
      try {
        return await within(answer, timeoutMs, () => adapterFailure("timeout", `no answer to call within ${timeoutMs} ms (an in-process call cannot be stopped; it runs on unobserved)`));
      } finally {
        busy = false;
      }
    },

    async stop() {
      try {
        await impl?.stop?.();
      } catch {
        // Stopping must not fail a run that has already been judged.
      }
    },
  };
}
