/**
 * The worker thread an in-process adapter module runs in (started by worker-adapter.ts). It loads
 * the module with tsx's scoped loader (never a global registration), then answers `start` and
 * `call` messages one at a time. Whatever the module does to its thread (process.exit, an endless
 * loop, an unhandled rejection, an `'error'` event nobody listens to, a polluted prototype), the
 * kit's own thread is untouched: it reports the case in flight and starts a fresh worker.
 *
 * Works from the TypeScript sources (loaded through tsImport by a bootstrap) and compiled to
 * JavaScript (started directly); it imports only modules that work in both.
 */
import { importModule } from "./import-module.ts";
import { parentPort, workerData } from "node:worker_threads";
import { isJsonObject, stringifyLossless, type JsonObject, type JsonValue } from "../json/lossless.ts";
import type { InProcessAdapter } from "./inprocess-adapter.ts";
import { NotJsonError, toJsonValue } from "./json-value.ts";
import type { CallMessage } from "./protocol.ts";
import type { FromWorker, ToWorker } from "./worker-messages.ts";

const port = parentPort!;
const { file } = workerData as { file: string };
const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`);
const send = (m: FromWorker) => port.postMessage(m);

let adapter: InProcessAdapter | undefined;
/** The seq of the message being handled: a fatal error is charged to it. */
let current: number | null = null;

// An error that escapes the module (an unhandled rejection, an unhandled 'error' event, a throw
// in a timer) ends this worker; the kit learns why and fails the case in flight.
const fatal =
  (what: string) =>
  (e: unknown): never => {
    send({ seq: current, fatal: `${what}: ${describe(e)}` });
    process.exit(70);
  };
process.on("uncaughtException", fatal("uncaught exception"));
process.on("unhandledRejection", fatal("unhandled rejection"));

/** Built-in prototypes whose own properties an adapter must never change. */
const GUARDED: Array<[string, object]> = [
  ["Object.prototype", Object.prototype],
  ["Array.prototype", Array.prototype],
  ["Function.prototype", Function.prototype],
  ["String.prototype", String.prototype],
];
/** Per prototype its keys, and the values of Object.prototype's (the one pollution reaches through `__proto__`). */
const snapshot = () => ({
  keys: GUARDED.map(([, p]) => Reflect.ownKeys(p)),
  values: Reflect.ownKeys(Object.prototype).map(
    (k) => Object.getOwnPropertyDescriptor(Object.prototype, k)!.value as unknown,
  ),
});
let clean: ReturnType<typeof snapshot> | undefined;

/** What the module changed on the built-in prototypes since start, or undefined (checked after every call, so it stays cheap). */
function pollution(): string | undefined {
  if (!clean) return undefined;
  for (const [i, [name, proto]] of GUARDED.entries()) {
    const before = clean.keys[i]!;
    const now = Reflect.ownKeys(proto);
    const same = now.length === before.length && now.every((k, j) => k === before[j]);
    const changed =
      i === 0 && same
        ? before.filter((k, j) => Object.getOwnPropertyDescriptor(proto, k)!.value !== clean!.values[j])
        : [];
    if (same && !changed.length) continue;
    const added = now.filter((k) => !before.includes(k));
    const removed = before.filter((k) => !now.includes(k));
    return `${name} was polluted (${[...added.map((k) => `added ${String(k)}`), ...removed.map((k) => `removed ${String(k)}`), ...changed.map((k) => `changed ${String(k)}`)].slice(0, 5).join(", ")})`;
  }
  return undefined;
}

/** Loads the module through tsx's scoped loader (import-module.ts), so .ts adapters work without a global hook. */
async function load(): Promise<InProcessAdapter> {
  const mod = (await importModule(file)) as { createAdapter?: unknown; default?: unknown };
  // tsx may wrap a CommonJS module's exports in `default`.
  const made =
    mod.createAdapter ?? (mod.default as { createAdapter?: unknown } | undefined)?.createAdapter ?? mod.default;
  const impl = (typeof made === "function" ? await (made as () => unknown)() : made) as
    Partial<InProcessAdapter> | undefined;
  if (typeof impl?.start !== "function" || typeof impl.call !== "function")
    throw new Error(`${file} exports no adapter: export createAdapter() or a default with start() and call()`);
  return impl as InProcessAdapter;
}

/** Lets what a call left behind (a rejection nobody handles) surface while the call is still in flight. */
const settleTick = () => new Promise<void>((r) => setImmediate(r));

/** The answer as JSON data, with the decoded value as lossless text (bigints keep their digits). */
function reply(seq: number, raw: unknown): void {
  let answer: JsonValue;
  try {
    answer = toJsonValue(raw);
  } catch (e) {
    if (e instanceof NotJsonError)
      return send({ seq, failure: { reason: "protocol", message: `call answer: ${e.message}` } });
    throw e;
  }
  const result = isJsonObject(answer) ? answer.result : undefined;
  if (isJsonObject(result) && "decoded" in result) {
    const decodedText = stringifyLossless(result.decoded);
    return send({ seq, answer: { ...(answer as JsonObject), result: { ...result, decoded: null } }, decodedText });
  }
  send({ seq, answer });
}

async function handle(m: ToWorker): Promise<void> {
  current = m.seq;
  if (m.cmd === "start") {
    let hello: unknown;
    try {
      adapter = await load();
      hello = toJsonValue(await adapter.start(m.timeoutMs !== undefined ? { timeoutMs: m.timeoutMs } : {}));
    } catch (e) {
      return fatal("could not load or start the module")(e);
    }
    await settleTick();
    clean = snapshot();
    send({ seq: m.seq, answer: hello as JsonValue });
  } else if (m.cmd === "call") {
    let raw: unknown;
    try {
      raw = await adapter!.call(m.msg as CallMessage);
    } catch (e) {
      // Escaped the adapter's own classification: the SDK's raw runtime error surfacing.
      raw = { error: { kind: "unexpected", message: describe(e) } };
    }
    await settleTick();
    const polluted = pollution();
    if (polluted)
      return send({
        seq: m.seq,
        failure: { reason: "crash", message: `${polluted} during the call (the adapter is restarted)` },
      });
    reply(m.seq, raw);
  } else {
    try {
      await adapter?.stop?.();
    } finally {
      send({ seq: m.seq, answer: { ok: true } });
    }
  }
  current = null;
}

// One message at a time, in order: the kit never sends the next before the answer.
let chain = Promise.resolve();
port.on("message", (m: ToWorker) => {
  chain = chain.then(() => handle(m)).catch(fatal("adapter host failed"));
});
