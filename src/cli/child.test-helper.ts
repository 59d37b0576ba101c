/** Waiting on a child process in tests: its first stdout line, its exit, both bounded. */
import type { ChildProcessWithoutNullStreams } from "node:child_process";

/** The first full line the child writes on stdout, or a rejection after `ms`. */
export function firstLine(child: ChildProcessWithoutNullStreams, ms: number): Promise<string> {
  return new Promise((ok, fail) => {
    let buf = "";
    let err = "";
    const timer = setTimeout(() => fail(new Error(`no line on stdout within ${ms} ms; stderr: ${err}`)), ms);
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout.on("data", (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) {
        clearTimeout(timer);
        ok(buf.slice(0, nl));
      }
    });
    child.once(
      "exit",
      (code) => (clearTimeout(timer), fail(new Error(`exited ${code} before printing; stderr: ${err}`))),
    );
  });
}

export const exitWithin = (child: ChildProcessWithoutNullStreams, ms: number) =>
  Promise.race([
    new Promise<number | string | null>((ok) => child.once("exit", (code, sig) => ok(code ?? sig))),
    new Promise<string>((ok) => setTimeout(() => ok("timeout"), ms)),
  ]);
