import { spawn, type ChildProcess } from "node:child_process";
import type { SdkOutcome } from "../model/observed.ts";
import { parseLossless, stringifyLossless, type JsonValue } from "../json/lossless.ts";
import type { AdapterPort, Handshake } from "./adapter.ts";
import { PROTOCOL_VERSION, startProblem, toOutcome } from "./protocol.ts";

export interface StdioOptions {
  cwd?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
  /** Restarts allowed after crashes, hangs or garbage, before every later call fails at once. */
  maxRestarts?: number;
}

const MAX_LINE = 64 * 1024 * 1024;
const STDERR_KEEP = 4096;

type Failure = Extract<SdkOutcome, { kind: "adapter-failure" }>;

/**
 * Drives an adapter process over JSON lines on stdio (docs/adapter-protocol.md). The process runs
 * in its own process group so it and any children it forked are killed together; a crash, hang or
 * garbage answer fails that call only, and the adapter is restarted for the next one.
 */
export function stdioAdapter(command: string, opts: StdioOptions = {}): AdapterPort {
  let proc: ChildProcess | undefined;
  let handshake: Handshake | undefined;
  let seq = 0;
  let restarts = 0;
  let stderr = "";
  let buffer = "";
  let pending: { seq: number; resolve: (v: JsonValue | Failure) => void } | undefined;

  const tail = () => (stderr.trim() ? `; stderr: ${stderr.trim().split("\n").slice(-3).join(" | ").slice(-400)}` : "");
  const fail = (reason: Failure["reason"], message: string): Failure => ({ kind: "adapter-failure", reason, message });

  const kill = (p: ChildProcess | undefined, signal: NodeJS.Signals = "SIGKILL") => {
    if (!p?.pid || p.exitCode !== null || p.signalCode !== null) return;
    try {
      process.kill(-p.pid, signal); // the whole group, children included
    } catch {
      /* already gone */
    }
  };

  /** Kills a process and forgets it, so its exit is not blamed on the next call. */
  const retire = (p: ChildProcess | undefined) => {
    kill(p);
    if (proc === p) proc = undefined;
  };

  const settle = (v: JsonValue | Failure) => {
    const p = pending;
    pending = undefined;
    p?.resolve(v);
  };

  const launch = () => {
    stderr = "";
    buffer = "";
    const p = spawn(command, { shell: true, detached: true, cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ["pipe", "pipe", "pipe"] });
    proc = p;
    p.stdout!.setEncoding("utf8");
    p.stderr!.setEncoding("utf8");
    p.stderr!.on("data", (d: string) => (stderr = (stderr + d).slice(-STDERR_KEEP)));
    p.stdout!.on("data", (d: string) => {
      if (proc !== p) return;
      buffer += d;
      if (buffer.length > MAX_LINE) {
        buffer = "";
        retire(p);
        return settle(fail("garbage", `adapter wrote a line longer than ${MAX_LINE} bytes`));
      }
      for (let nl = buffer.indexOf("\n"); nl >= 0; nl = buffer.indexOf("\n")) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (line) onLine(p, line);
      }
    });
    p.stdin!.on("error", () => {}); // EPIPE when it died; the exit handler reports it
    p.on("error", (e) => proc === p && settle(fail("crash", `adapter could not run: ${e.message}`)));
    p.on("exit", (code, signal) => {
      if (proc !== p) return;
      proc = undefined;
      settle(fail("crash", `adapter exited (${signal ? `signal ${signal}` : `code ${code}`}) during the call${tail()}`));
    });
  };

  const onLine = (p: ChildProcess, line: string) => {
    let msg: JsonValue;
    try {
      msg = parseLossless(line);
    } catch {
      retire(p);
      return settle(fail("garbage", `adapter wrote a line that is not JSON: ${line.slice(0, 120)}`));
    }
    const got = (msg as { seq?: unknown })?.seq;
    if (!pending) return; // an answer nobody waits for (late after a timeout): ignore
    if (got !== pending.seq) {
      retire(p);
      return settle(fail("protocol", `answer has seq ${JSON.stringify(got)}, expected ${pending.seq}`));
    }
    settle(msg);
  };

  const request = (cmd: Record<string, unknown>, timeoutMs: number): Promise<JsonValue | Failure> =>
    new Promise((resolve) => {
      const s = ++seq;
      const timer = setTimeout(() => {
        if (pending?.seq !== s) return;
        retire(proc);
        settle(fail("timeout", `no answer within ${timeoutMs} ms (adapter killed and restarted)${tail()}`));
      }, timeoutMs);
      pending = { seq: s, resolve: (v) => (clearTimeout(timer), resolve(v)) };
      proc!.stdin!.write(`${stringifyLossless({ version: PROTOCOL_VERSION, seq: s, ...cmd } as JsonValue)}\n`);
    });

  const ensure = async (): Promise<Failure | undefined> => {
    if (proc) return undefined;
    launch();
    const hello = await request({ cmd: "start" }, opts.startTimeoutMs ?? 15_000);
    if ((hello as Failure).kind === "adapter-failure") return hello as Failure;
    const problem = startProblem(hello);
    if (problem) {
      retire(proc);
      return fail("protocol", problem);
    }
    handshake = hello as unknown as Handshake;
    return undefined;
  };

  return {
    async start() {
      const f = await ensure();
      if (f) throw new Error(`${f.message} (command: ${command})`);
      return handshake!;
    },
    async call(req, timeoutMs) {
      if (!proc) {
        if (restarts >= (opts.maxRestarts ?? 10)) return fail("crash", `adapter was restarted ${restarts} times and is not started again`);
        restarts++;
        const f = await ensure();
        if (f) return f;
      }
      const answer = await request({ cmd: "call", ...req }, timeoutMs);
      if ((answer as Failure).kind === "adapter-failure") return answer as Failure;
      return toOutcome(answer);
    },
    async stop() {
      const p = proc;
      if (!p) return;
      proc = undefined;
      const exited = new Promise<void>((ok) => (p.exitCode !== null || p.signalCode !== null ? ok() : p.once("exit", () => ok())));
      p.stdin!.write(`${JSON.stringify({ version: PROTOCOL_VERSION, seq: ++seq, cmd: "stop" })}\n`);
      const wait = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((ok) => setTimeout(() => ok(false), ms).unref())]);
      if (!(await wait(1000))) {
        kill(p, "SIGTERM");
        if (!(await wait(1000))) kill(p, "SIGKILL");
      }
      // Children that outlived the adapter share its group: end them too.
      kill({ pid: p.pid, exitCode: null, signalCode: null } as ChildProcess);
    },
  };
}
