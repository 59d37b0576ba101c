/**
 * Runs an in-process adapter as a stdio adapter process (protocol v1): read a line, dispatch,
 * write a line. For TypeScript/JavaScript SDKs that want to be driven as a separate process:
 *
 *   // my-adapter-stdio.ts, run with `npx tsx my-adapter-stdio.ts`
 *   serveStdio(createAdapter());
 */
import { createInterface } from "node:readline";
import { isJsonObject, parseLossless, stringifyLossless, type JsonValue } from "../json/lossless.ts";
import type { InProcessAdapter } from "./inprocess-adapter.ts";
import { toJsonValue } from "./json-value.ts";
import type { CallMessage } from "./protocol.ts";

const describe = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`);

/** Serves `adapter` on this process's stdin/stdout until `stop` or the end of stdin. */
export function serveStdio(adapter: InProcessAdapter): void {
  const out = process.stdout;
  // stdout carries protocol lines only: an SDK's stray console.log goes to stderr instead.
  console.log = console.info = console.debug = console.error;
  const write = (seq: JsonValue | undefined, answer: unknown) =>
    out.write(`${stringifyLossless({ seq: seq ?? null, ...(toJsonValue(answer) as object) })}\n`);

  const handle = async (line: string): Promise<void> => {
    const msg = parseLossless(line);
    if (!isJsonObject(msg)) throw new Error(`not a message: ${line.slice(0, 200)}`);
    if (msg.cmd === "start") return void write(msg.seq, await adapter.start());
    if (msg.cmd === "stop") {
      await adapter.stop?.();
      out.write(`${stringifyLossless({ seq: msg.seq ?? null, ok: true })}\n`, () => process.exit(0));
      return;
    }
    let answer: unknown;
    try {
      answer = await adapter.call(msg as unknown as CallMessage);
    } catch (e) {
      // Escaped the adapter's own classification: the SDK's raw runtime error surfacing.
      answer = { error: { kind: "unexpected", message: describe(e) } };
    }
    write(msg.seq, answer);
  };

  const lines = createInterface({ input: process.stdin });
  let chain = Promise.resolve(); // one message at a time, in order
  lines.on("line", (line) => {
    if (!line.trim()) return;
    chain = chain
      .then(() => handle(line))
      .catch((e: unknown) => {
        // A broken adapter (a start that throws, an answer that is not JSON): say why and exit,
        // which the kit reports as a crash with these stderr lines.
        console.error(`adapter failed: ${describe(e)}`);
        process.exit(70);
      });
  });
  lines.on("close", () => void chain.then(() => process.exit(0)));
}
