import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { trackGroup } from "./process-groups.ts";
import { scrub, type Redact } from "./scrub.ts";

/** Environment variable names a server reads its Authlete settings from (Authlete SDK conventions). */
export interface ServerEnvNames {
  baseUrl: string;
  apiKey: string;
  apiSecret: string;
  accessToken: string;
  serviceId: string;
  port: string;
}

export const DEFAULT_ENV_NAMES: ServerEnvNames = {
  baseUrl: "AUTHLETE_BASE_URL",
  apiKey: "AUTHLETE_SERVICE_APIKEY",
  apiSecret: "AUTHLETE_SERVICE_APISECRET",
  accessToken: "AUTHLETE_SERVICE_ACCESSTOKEN",
  serviceId: "AUTHLETE_SERVICE_ID",
  port: "PORT",
};

export interface LaunchOptions {
  /** Shell command; `{port}` is replaced by the port chosen for the server. */
  command: string;
  mockUrl: string;
  credentials: { serviceId: string; accessToken: string; apiSecret: string };
  envNames?: Partial<ServerEnvNames>;
  cwd?: string;
  env?: Record<string, string>;
  /** Path polled until the server answers (any HTTP status counts as ready). */
  readyPath?: string;
  readyTimeoutMs?: number;
  /** Redacts the server's output before it is cut and quoted in an error. */
  redact?: Redact;
  /** Aborting it while the server starts stops the server and fails the start at once. */
  signal?: AbortSignal;
}

export interface RunningServer {
  url: string;
  pid: number;
  /** The last lines the server printed (stdout and stderr), for error messages. */
  output(): string;
  /** A position in the server's output: lines printed after it are {@link linesSince} it. */
  mark(): number;
  /** Complete lines printed since `mark` (stdout and stderr interleaved, bounded; see LOG_LIMITS). */
  linesSince(mark: number): string[];
  /** True while the process is running. */
  alive(): boolean;
  /** Resolves when the process has exited, or after `ms`; returns whether it exited. */
  waitExit(ms: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** A server that could not be started: never ready, exited early, or the command failed. */
export class ServerStartError extends Error {
  override name = "ServerStartError";
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once("error", fail);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      s.close(() => ok(typeof addr === "object" && addr ? addr.port : 0));
    });
  });
}

const KEEP = 8192;

/** Bounds of the line log: a chatty server cannot make the kit hold (or report) much of it. */
export const LOG_LIMITS = { lines: 2000, lineChars: 400, perCase: 40 };

/** A bounded log of complete lines with absolute numbers, so a case can ask for "lines since N". */
export class LineLog {
  private lines: string[] = [];
  private first = 0;
  private partial = new Map<string, string>();

  push(stream: string, text: string): void {
    const parts = ((this.partial.get(stream) ?? "") + text).split(/\r?\n/);
    this.partial.set(stream, parts.pop()!.slice(0, LOG_LIMITS.lineChars * 4));
    for (const l of parts)
      this.lines.push(l.length > LOG_LIMITS.lineChars ? `${l.slice(0, LOG_LIMITS.lineChars)}… (${l.length} chars)` : l);
    if (this.lines.length > LOG_LIMITS.lines) {
      const drop = this.lines.length - LOG_LIMITS.lines;
      this.lines.splice(0, drop);
      this.first += drop;
    }
  }

  mark(): number {
    return this.first + this.lines.length;
  }

  /** Lines since `mark`: the first and last ones when there are more than `perCase`. */
  since(mark: number): string[] {
    const from = Math.max(0, mark - this.first);
    const out = this.lines.slice(from);
    if (out.length <= LOG_LIMITS.perCase) return out;
    const half = LOG_LIMITS.perCase / 2;
    return [...out.slice(0, half), `… ${out.length - LOG_LIMITS.perCase} lines left out …`, ...out.slice(-half)];
  }
}

/**
 * Starts an authorization server with the mock's URL and credentials in its environment, waits
 * until it answers HTTP, and stops it (and every process it started, by process group) on stop().
 */
export async function launchServer(opts: LaunchOptions): Promise<RunningServer> {
  const names = { ...DEFAULT_ENV_NAMES, ...opts.envNames };
  const port = await freePort();
  let output = "";
  const log = new LineLog();
  const env = {
    ...process.env,
    ...opts.env,
    [names.baseUrl]: opts.mockUrl,
    [names.apiKey]: opts.credentials.serviceId,
    [names.apiSecret]: opts.credentials.apiSecret,
    [names.accessToken]: opts.credentials.accessToken,
    [names.serviceId]: opts.credentials.serviceId,
    [names.port]: String(port),
  };
  const child: ChildProcess = spawn(opts.command.replaceAll("{port}", String(port)), {
    shell: true,
    detached: true,
    cwd: opts.cwd,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (stream: string) => (d: Buffer) => {
    output = (output + d.toString()).slice(-KEEP);
    log.push(stream, d.toString());
  };
  child.stdout!.on("data", keep("out"));
  child.stderr!.on("data", keep("err"));
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const untrack = child.pid !== undefined ? trackGroup(child.pid) : () => {};
  const exit = new Promise<void>((ok) => child.once("exit", (code, signal) => ((exited = { code, signal }), ok())));
  const url = `http://127.0.0.1:${port}`;
  const tail = () =>
    output.trim()
      ? `; last output: ${scrub(output.trim().split("\n").slice(-5).join(" | "), opts.redact, 600, "end")}`
      : "";
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* gone */
    }
  };
  const server: RunningServer = {
    url,
    pid: child.pid ?? -1,
    output: () => output,
    mark: () => log.mark(),
    linesSince: (m) => log.since(m),
    alive: () => exited === undefined,
    waitExit: (ms) =>
      Promise.race([exit.then(() => true), new Promise<boolean>((ok) => setTimeout(() => ok(false), ms).unref())]),
    async stop() {
      if (exited === undefined) {
        killGroup("SIGTERM");
        const done = await Promise.race([
          exit.then(() => true),
          new Promise<boolean>((ok) => setTimeout(() => ok(false), 3000).unref()),
        ]);
        if (!done) killGroup("SIGKILL");
      }
      killGroup("SIGKILL"); // children that outlived the leader
      untrack();
    },
  };
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (exited)
      throw new ServerStartError(
        `server exited before it was ready (${exited.signal ? `signal ${exited.signal}` : `code ${exited.code}`})${tail()}`,
      );
    if (opts.signal?.aborted) {
      await server.stop();
      throw new ServerStartError("interrupted while the server was starting");
    }
    try {
      await fetch(`${url}${opts.readyPath ?? "/"}`, {
        signal: opts.signal ? AbortSignal.any([AbortSignal.timeout(1000), opts.signal]) : AbortSignal.timeout(1000),
      });
      if (!opts.signal?.aborted) return server;
    } catch {
      /* not listening yet */
    }
    if (opts.signal?.aborted) continue;
    if (Date.now() > deadline) {
      await server.stop();
      throw new ServerStartError(
        `server did not answer on ${url}${opts.readyPath ?? "/"} within ${opts.readyTimeoutMs ?? 20_000} ms${tail()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
