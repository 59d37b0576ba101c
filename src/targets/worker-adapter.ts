/**
 * Runs a TypeScript/JavaScript adapter module in a worker thread (adapter-worker.ts) the kit can
 * terminate. A call that exits the worker, never ends, leaves an unhandled rejection or pollutes a
 * built-in prototype fails as an adapter failure with the reason; the worker is started again for
 * the next call, like a stdio adapter process. The kit's own thread never runs the module's code.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { stringifyLossless } from "../json/lossless.ts";
import type { SdkOutcome } from "../model/observed.ts";
import {
  answerProblem,
  commandProblem,
  outcomeOf,
  PROTOCOL_VERSION,
  type CallResponse,
  type StartResponse,
} from "./protocol.ts";
import { trackWorker } from "./process-groups.ts";
import { scrub, scrubOutcome, type Redact } from "./scrub.ts";
import { adapterFailure, type AdapterFailure, type Handshake, type SdkAdapter } from "./sdk-adapter.ts";
import type { FromWorker, ToWorker } from "./worker-messages.ts";

export interface WorkerAdapterOptions {
  /** How long loading the module and answering `start` may take. @defaultValue 15 000 ms */
  startTimeoutMs?: number;
  /** The timeout the SDK is to be configured with, passed to the module's `start` (and again to every restart). */
  timeoutMs?: number;
  /** Restarts in a row that end without an answered call before the adapter is given up. @defaultValue 3 */
  maxRestarts?: number;
  /** Environment of the worker, added to the kit's own (`--sdk-env`). */
  env?: Record<string, string>;
  /** How long the module's `stop()` may take. @defaultValue 1 000 ms */
  stopGraceMs?: number;
  /** Heap limit of the worker: an adapter that allocates without end fails its call, not the kit. @defaultValue 2048 MB */
  maxHeapMb?: number;
  /** Redacts the adapter's messages before they are cut and kept. */
  redact?: Redact;
}

const fromSources = import.meta.url.endsWith(".ts");
const ENTRY = new URL(`./adapter-worker.${fromSources ? "ts" : "js"}`, import.meta.url);

/**
 * The worker's script. Compiled, the entry is plain JavaScript; from the sources, a bootstrap
 * loads it through tsx's scoped API, which registers nothing for the rest of the process.
 */
function script(): URL {
  if (!fromSources) return ENTRY;
  // tsx's ES-module API (its CommonJS one cannot find its own loader), found beside its package.json.
  const api = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist", "esm", "api", "index.mjs"),
  ).href;
  const code = `import { tsImport } from ${JSON.stringify(api)};\nawait tsImport(${JSON.stringify(ENTRY.href)}, ${JSON.stringify(ENTRY.href)});\n`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** How much of the worker's console output is kept for error messages: the end explains a crash. */
const OUTPUT_KEEP = 16 * 1024;

type Settled = { answer: Record<string, unknown>; decodedText?: string } | AdapterFailure;
const isFailure = (x: Settled): x is AdapterFailure => "kind" in x;

/** One worker: its thread, the output it printed, the error that ended it. */
interface Thread {
  worker: Worker;
  output: string;
  error?: string;
}

/** An {@link SdkAdapter} for an adapter module, each instance in its own worker thread. */
export function workerAdapter(file: string, opts: WorkerAdapterOptions = {}): SdkAdapter {
  const maxRestarts = opts.maxRestarts ?? 3;
  const redact = opts.redact ?? ((t: string) => t);
  let thread: Thread | undefined;
  let handshake: Handshake | undefined;
  let seq = 0;
  let pending: { seq: number; cmd: ToWorker["cmd"]; settle(a: Settled): void } | undefined;
  let restartsInARow = 0;
  let stopped = false;

  const tail = (t: Thread) => {
    const text = t.output.trimEnd();
    return text ? `; output: ${scrub(text.split("\n").slice(-5).join(" | "), redact, 800, "end")}` : "";
  };
  const failure = (reason: AdapterFailure["reason"], message: string) => adapterFailure(reason, scrub(message, redact));
  const settle = (a: Settled) => pending?.settle(a);

  /** Ends a worker and forgets it, so its exit is not blamed on a later call. */
  const retire = (t: Thread) => {
    if (thread === t) thread = undefined;
    void t.worker.terminate();
  };

  const onMessage = (t: Thread, m: FromWorker) => {
    if ("fatal" in m) {
      t.error = m.fatal;
      return; // the worker exits now; its exit settles the call in flight
    }
    if (!pending || m.seq !== pending.seq) return;
    if ("failure" in m) {
      retire(t);
      return settle(failure(m.failure.reason, `${m.failure.message}${tail(t)}`));
    }
    settle({
      answer: m.answer as Record<string, unknown>,
      ...(m.decodedText !== undefined ? { decodedText: m.decodedText } : {}),
    });
  };

  const launch = (): Thread => {
    const worker = new Worker(script(), {
      workerData: { file },
      // Flags only the main thread can take (node --input-type=module -e ...) make a worker refuse to start.
      execArgv: process.execArgv.filter((a) => !a.startsWith("--input-type")),
      env: { ...process.env, ...opts.env },
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 2048 },
    });
    const t: Thread = { worker, output: "" };
    const untrack = trackWorker(worker);
    // The module's console output is kept (bounded) for error messages, never mixed into the kit's.
    const keep = (d: Buffer) => (t.output = (t.output + d.toString("utf8")).slice(-OUTPUT_KEEP));
    worker.stdout.on("data", keep);
    worker.stderr.on("data", keep);
    worker.on("message", (m: FromWorker) => onMessage(t, m));
    worker.on("error", (e) => (t.error ??= `uncaught ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`));
    worker.once("exit", (code) => {
      untrack();
      if (thread !== t) return;
      thread = undefined;
      const why = t.error ? `adapter crashed (${t.error})` : `adapter exited (code ${code})`;
      settle(failure("crash", `${why}${pending ? ` during ${pending.cmd}` : ""}${tail(t)}`));
    });
    // A worker never keeps the kit alive: the kit ends it, or it ends with the kit.
    worker.unref();
    return (thread = t);
  };

  /** Sends one command and waits for its answer, a failure, or the timeout. */
  const request = (t: Thread, m: ToWorker, timeoutMs: number): Promise<Settled> => {
    if (pending)
      throw new Error(
        `${m.cmd} sent while ${pending.cmd} ${pending.seq} is unanswered: an adapter takes one message at a time`,
      );
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (pending?.seq !== m.seq) return;
        retire(t);
        settle(
          failure(
            "timeout",
            `no answer to ${m.cmd} within ${timeoutMs} ms (adapter worker terminated; it is restarted for the next call)${tail(t)}`,
          ),
        );
      }, timeoutMs);
      pending = { seq: m.seq, cmd: m.cmd, settle: (a) => (clearTimeout(timer), (pending = undefined), resolve(a)) };
      t.worker.postMessage(m);
    });
  };

  /** Starts a worker and handshakes; a failure leaves no worker behind. */
  const boot = async (): Promise<Handshake | AdapterFailure> => {
    const t = launch();
    const a = await request(
      t,
      { seq: ++seq, cmd: "start", ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}) },
      opts.startTimeoutMs ?? 15_000,
    );
    if (isFailure(a)) return a;
    const problem = answerProblem("start", { seq: 1, ...a.answer });
    if (problem) {
      retire(t);
      return failure("protocol", `start answer does not match the protocol: ${problem}`);
    }
    const { ok: _ok, ...hello } = a.answer as unknown as StartResponse;
    return hello;
  };

  return {
    async start() {
      if (handshake) return handshake;
      const h = await boot();
      if ("kind" in h) throw new Error(`${h.message} (adapter module: ${file})`);
      return (handshake = h);
    },

    async call(req, timeoutMs): Promise<SdkOutcome> {
      if (stopped) return adapterFailure("crash", "the adapter was stopped");
      const problem = commandProblem({ version: PROTOCOL_VERSION, seq: 1, cmd: "call", ...req });
      if (problem) throw new TypeError(`the kit built an invalid call message: ${problem}`);
      if (!thread) {
        if (restartsInARow >= maxRestarts)
          return adapterFailure(
            "crash",
            `adapter not started again: ${restartsInARow} restarts in a row ended without an answered call`,
          );
        restartsInARow++;
        const h = await boot();
        if ("kind" in h) return { ...h, message: `restarting the adapter failed: ${h.message}` };
      }
      const a = await request(thread!, { seq: ++seq, cmd: "call", msg: req }, timeoutMs);
      if (isFailure(a)) return a;
      restartsInARow = 0;
      const bad = answerProblem("call", { seq: 1, ...a.answer });
      if (bad)
        return failure(
          "protocol",
          `call answer does not match the protocol: ${bad}: ${stringifyLossless(a.answer as never).slice(0, 200)}`,
        );
      // The SDK's own messages are foreign text: redacted, then capped like every target message.
      return scrubOutcome(outcomeOf(a.answer as unknown as CallResponse, a.decodedText ?? ""), redact);
    },

    async stop() {
      stopped = true;
      const t = thread;
      thread = undefined;
      settle(adapterFailure("crash", "the adapter was stopped during the call"));
      if (!t) return;
      // The module's stop() gets a grace period; the worker is terminated either way.
      const grace = opts.stopGraceMs ?? 1_000;
      await Promise.race([
        new Promise((r) => {
          t.worker.once("message", r);
          t.worker.once("exit", r);
          t.worker.postMessage({ seq: ++seq, cmd: "stop" } satisfies ToWorker);
        }),
        new Promise((r) => setTimeout(r, grace).unref()),
      ]);
      await t.worker.terminate();
    },
  };
}
