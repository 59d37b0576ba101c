/**
 * One adapter process: spawned through a shell in its own process group, framed into lines on
 * stdout, stderr kept in a bounded buffer. Knows nothing of the protocol; stdio-adapter.ts does.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { trackGroup } from "./process-groups.ts";
import { scrub, type Redact } from "./scrub.ts";

export interface ProcessOptions {
  cwd?: string;
  /** Added to the kit's own environment. */
  env?: Record<string, string>;
  /** A stdout line longer than this (bytes) is garbage; the process is not read further. */
  maxLineBytes: number;
}

export interface ProcessEvents {
  line(text: string): void;
  /** The process wrote a line longer than the limit. */
  overflow(): void;
  /** The process ended (or could not be spawned: code null, signal null, `error` set). */
  exit(code: number | null, signal: NodeJS.Signals | null, error?: Error): void;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How much of stderr is kept for error messages: the end is what explains a crash. */
const STDERR_KEEP = 16 * 1024;

export class AdapterProcess {
  private readonly child: ChildProcess;
  private stderr = "";
  private chunks: Buffer[] = [];
  private pendingBytes = 0;
  private ended = false;
  private readonly exited: Promise<void>;
  private readonly untrack: () => void;

  constructor(command: string, opts: ProcessOptions, events: ProcessEvents) {
    // detached: the shell leads a new process group, so killing -pid reaches every descendant.
    this.child = spawn(command, {
      shell: true,
      detached: true,
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    // Listed until it has exited and its group was killed: a second interrupt kills it at once.
    this.untrack = this.child.pid !== undefined ? trackGroup(this.child.pid) : () => {};
    // 'exit' can come before the last stdout data: let stdout drain (briefly) so an answer written
    // just before exiting still counts, and a crash is not reported ahead of it.
    const drained = Promise.all(
      [this.child.stdout!, this.child.stderr!].map((s) => new Promise((r) => s.once("close", r))),
    );
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.ended = true;
        this.killGroup(); // children it left behind
        this.untrack();
        resolve();
        void Promise.race([drained, delay(200)]).then(() => events.exit(code, signal));
      });
      this.child.on("error", (e) => {
        // Spawning failed (no exit follows), or a kill failed (the exit event still follows).
        if (this.child.pid !== undefined) return;
        this.ended = true;
        this.untrack();
        resolve();
        events.exit(null, null, e);
      });
    });
    this.child.stdin!.on("error", () => {}); // EPIPE once it died; the exit event reports that
    this.child.stderr!.setEncoding("utf8");
    this.child.stderr!.on("data", (d: string) => (this.stderr = (this.stderr + d).slice(-STDERR_KEEP)));
    this.child.stdout!.on("data", (d: Buffer) => this.read(d, opts.maxLineBytes, events));
  }

  private read(data: Buffer, max: number, events: ProcessEvents): void {
    if (this.pendingBytes < 0) return; // overflowed: nothing it writes counts any more
    let from = 0;
    for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a, from)) {
      const bytes = Buffer.concat([...this.chunks, data.subarray(from, nl)]);
      this.chunks = [];
      this.pendingBytes = 0;
      from = nl + 1;
      if (bytes.length > max) return ((this.pendingBytes = -1), events.overflow());
      const line = bytes.toString("utf8");
      if (line.trim()) events.line(line);
    }
    const rest = data.subarray(from);
    this.pendingBytes += rest.length;
    if (this.pendingBytes > max) return ((this.pendingBytes = -1), (this.chunks = []), events.overflow());
    if (rest.length) this.chunks.push(rest);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.ended;
  }

  /** Writes one line to stdin; a dead process is reported by its exit, not here. */
  write(line: string): void {
    if (!this.ended && this.child.stdin!.writable) this.child.stdin!.write(`${line}\n`);
  }

  /** Text written to stdout after the last newline (an answer cut short), redacted then cut, or "". */
  unfinishedLine(redact?: Redact): string {
    if (this.pendingBytes <= 0) return "";
    const head = Buffer.concat(this.chunks)
      .subarray(0, 64 * 1024)
      .toString("utf8");
    return scrub(head, redact, 200);
  }

  /** The last lines of stderr, redacted then cut, for an error message ("" when it wrote none). */
  stderrTail(redact?: Redact, lines = 5): string {
    const tail = this.stderr.trimEnd().split("\n").slice(-lines).join(" | ");
    return tail ? `; stderr: ${scrub(tail, redact, 800, "end")}` : "";
  }

  /** Signals the whole process group (the adapter and everything it started). */
  killGroup(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // ESRCH: the group is gone already.
    }
  }

  /** True when the process exited within `ms`. */
  waitExit(ms: number): Promise<boolean> {
    if (this.ended) return Promise.resolve(true);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), ms)));
    return Promise.race([this.exited.then(() => true), late]).finally(() => clearTimeout(timer));
  }

  /** Waits (up to `ms`) until no process of the group is left, e.g. after SIGKILL. */
  async waitGroupGone(ms: number): Promise<void> {
    const pid = this.child.pid;
    if (pid === undefined) return;
    for (const until = Date.now() + ms; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
      try {
        process.kill(-pid, 0);
      } catch {
        return;
      }
    }
  }

  /**
   * Ends the process and its group: a grace period to exit by itself, then SIGTERM, then SIGKILL;
   * SIGKILL goes to the group in any case, for children that outlive the adapter.
   */
  async end(graceMs: number): Promise<void> {
    if (!(await this.waitExit(graceMs))) {
      this.killGroup("SIGTERM");
      if (!(await this.waitExit(graceMs))) this.killGroup("SIGKILL");
    }
    this.killGroup("SIGKILL");
    await this.waitExit(graceMs);
    await this.waitGroupGone(graceMs);
  }
}
