/**
 * Drives an SDK adapter process over JSON lines on stdio (protocol v1, docs/adapter-protocol.md).
 * A crash, hang, garbage line or wrong `seq` fails that call only; the process group is killed
 * and the adapter is started again for the next call, so one bad case does not end a run.
 */
import { isJsonObject, parseLossless, stringifyLossless, type JsonObject, type JsonValue } from "../json/lossless.ts";
import { AdapterProcess } from "./adapter-process.ts";
import {
  answerProblem,
  commandProblem,
  outcomeOf,
  PROTOCOL_VERSION,
  type CallResponse,
  type Command,
} from "./protocol.ts";
import { rawMember } from "./raw-json.ts";
import { scrub, scrubOutcome, type Redact } from "./scrub.ts";
import { adapterFailure, type AdapterFailure, type Handshake, type SdkAdapter } from "./sdk-adapter.ts";

export interface StdioOptions {
  /** Working directory of the command (`--sdk-cwd`). */
  cwd?: string;
  /** Environment added to the kit's own (`--sdk-env KEY=VALUE`). */
  env?: Record<string, string>;
  /** How long the adapter may take to answer `start`. @defaultValue 15 000 ms (JVMs and npx are slow to start) */
  startTimeoutMs?: number;
  /** Restarts in a row that end without an answered call before the adapter is given up. @defaultValue 3 */
  maxRestarts?: number;
  /** A stdout line longer than this is garbage. @defaultValue 64 MiB */
  maxLineBytes?: number;
  /** How long the adapter gets to exit after `stop`, and again after SIGTERM. @defaultValue 1 000 ms */
  stopGraceMs?: number;
  /** Redacts what the adapter wrote before it is cut and kept in a message. */
  redact?: Redact;
  /** The timeout the SDK is to be configured with, sent in `start` (and again to every restart). */
  timeoutMs?: number;
}

/** One answer line: parsed losslessly, and as written (for the decoded object's exact text). */
interface Answer {
  message: JsonObject;
  line: string;
}

const isFailure = (x: object): x is AdapterFailure => "kind" in x;

/** An {@link SdkAdapter} for a command speaking protocol v1 on stdin/stdout. */
export function stdioAdapter(command: string, opts: StdioOptions = {}): SdkAdapter {
  const maxLine = opts.maxLineBytes ?? 64 * 1024 * 1024;
  const maxRestarts = opts.maxRestarts ?? 3;
  let proc: AdapterProcess | undefined;
  let handshake: Handshake | undefined;
  let seq = 0;
  let pending: { seq: number; cmd: Command; settle(a: Answer | AdapterFailure): void } | undefined;
  let restartsInARow = 0;
  let stopped = false;
  const excerpt = (s: string) => scrub(s, opts.redact, 200);

  const settle = (a: Answer | AdapterFailure) => pending?.settle(a);

  /** Kills a process and forgets it, so its exit is not blamed on a later call. */
  const retire = (p: AdapterProcess) => {
    if (proc === p) proc = undefined;
    p.killGroup();
  };
  const fail = (p: AdapterProcess, reason: AdapterFailure["reason"], message: string) => {
    retire(p);
    settle(adapterFailure(reason, scrub(`${message}${p.stderrTail(opts.redact)}`, opts.redact)));
  };

  const onLine = (p: AdapterProcess, line: string) => {
    if (!pending) return; // nobody is waiting: output between calls is not blamed on a case
    let message: JsonValue;
    try {
      message = parseLossless(line);
    } catch {
      return fail(
        p,
        "garbage",
        `adapter wrote a line that is not JSON (stdout is for protocol messages only; log to stderr): ${excerpt(line)}`,
      );
    }
    const got = isJsonObject(message) ? message.seq : undefined;
    if (got !== pending.seq)
      return fail(
        p,
        "protocol",
        `answer has seq ${got === undefined ? "(none)" : stringifyLossless(got)}, expected ${pending.seq}: ${excerpt(line)}`,
      );
    settle({ message: message as JsonObject, line });
  };

  const launch = (): AdapterProcess => {
    const p: AdapterProcess = new AdapterProcess(
      command,
      { ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.env ? { env: opts.env } : {}), maxLineBytes: maxLine },
      {
        line: (line) => p === proc && onLine(p, line),
        overflow: () => p === proc && fail(p, "garbage", `adapter wrote a line longer than ${maxLine} bytes`),
        exit: (code, signal, error) => {
          if (p !== proc) return;
          proc = undefined;
          const how = error
            ? `adapter could not be started: ${error.message}`
            : `adapter exited (${signal ? `signal ${signal}` : `code ${code}`})`;
          const cut = p.unfinishedLine(opts.redact);
          settle(
            adapterFailure(
              "crash",
              scrub(
                `${how}${pending ? ` during ${pending.cmd}` : ""}${cut ? ` after writing an unfinished line: ${cut}` : ""}${p.stderrTail(opts.redact)}`,
                opts.redact,
              ),
            ),
          );
        },
      },
    );
    return (proc = p);
  };

  /** Sends one command and waits for its answer, a failure, or the timeout. */
  const request = (
    p: AdapterProcess,
    cmd: Command,
    fields: object,
    timeoutMs: number,
  ): Promise<Answer | AdapterFailure> => {
    if (pending)
      throw new Error(
        `${cmd} sent while ${pending.cmd} ${pending.seq} is unanswered: an adapter takes one message at a time`,
      );
    const s = ++seq;
    const message = { version: PROTOCOL_VERSION, seq: s, cmd, ...fields };
    const problem = commandProblem(message);
    if (problem) throw new TypeError(`the kit built an invalid ${cmd} message: ${problem}`);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () =>
          pending?.seq === s &&
          fail(
            p,
            "timeout",
            `no answer to ${cmd} within ${timeoutMs} ms (adapter killed; it is restarted for the next call)`,
          ),
        timeoutMs,
      );
      pending = { seq: s, cmd, settle: (a) => (clearTimeout(timer), (pending = undefined), resolve(a)) };
      p.write(stringifyLossless(message));
    });
  };

  /** Starts a process and handshakes; a failure leaves no process behind. */
  const boot = async (): Promise<Handshake | AdapterFailure> => {
    const p = launch();
    const a = await request(
      p,
      "start",
      opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {},
      opts.startTimeoutMs ?? 15_000,
    );
    if (isFailure(a)) return a;
    const problem = answerProblem("start", a.message);
    if (problem) {
      retire(p);
      return adapterFailure("protocol", `start answer does not match the protocol: ${problem}`);
    }
    const { seq: _seq, ok: _ok, ...hello } = a.message;
    return hello as unknown as Handshake;
  };

  return {
    async start() {
      if (handshake) return handshake;
      const h = await boot();
      if (isFailure(h)) throw new Error(`${h.message} (command: ${command})`);
      return (handshake = h);
    },

    async call(req, timeoutMs) {
      if (stopped) return adapterFailure("crash", "the adapter was stopped");
      if (!proc) {
        if (restartsInARow >= maxRestarts)
          return adapterFailure(
            "crash",
            `adapter not started again: ${restartsInARow} restarts in a row ended without an answered call`,
          );
        restartsInARow++;
        const h = await boot();
        if (isFailure(h)) return { ...h, message: `restarting the adapter failed: ${h.message}` };
      }
      const a = await request(proc!, "call", req, timeoutMs);
      if (isFailure(a)) return a;
      restartsInARow = 0; // it answered in step: alive and in sync
      const problem = answerProblem("call", a.message);
      if (problem)
        return adapterFailure("protocol", `call answer does not match the protocol: ${problem}: ${excerpt(a.line)}`);
      const answer = a.message as unknown as CallResponse;
      // The decoded object goes on exactly as the adapter wrote it; re-serialising could tidy it up.
      const text =
        "result" in answer
          ? (rawMember(a.line, ["result", "decoded"]) ?? stringifyLossless(answer.result.decoded ?? null))
          : "";
      // The SDK's own messages are foreign text: redacted, then capped like every target message.
      return scrubOutcome(outcomeOf(answer, text), opts.redact);
    },

    async stop() {
      stopped = true;
      const p = proc;
      proc = undefined;
      settle(adapterFailure("crash", "the adapter was stopped during the call"));
      if (!p) return;
      p.write(stringifyLossless({ version: PROTOCOL_VERSION, seq: ++seq, cmd: "stop" }));
      await p.end(opts.stopGraceMs ?? 1_000);
    },
  };
}
