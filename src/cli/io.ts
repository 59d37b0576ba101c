/** Where commands write: injected so tests can capture output without spawning. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /**
   * Writes to stdout and waits while its reader is behind (backpressure); resolves false once the
   * reader is gone (EPIPE: `conformance generate | head -1`), so a producer stops quietly.
   */
  write?(text: string): Promise<boolean>;
}

const line = (t: string) => (t.endsWith("\n") ? t : `${t}\n`);

// A reader that went away (EPIPE) is not an error of the kit: stop writing, quietly.
let stdoutGone = false;
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") stdoutGone = true;
  else throw e;
});

export const processIo: Io = {
  out: (t) => void (stdoutGone || process.stdout.write(line(t))),
  err: (t) => void process.stderr.write(line(t)),
  write: (t) =>
    new Promise((resolve) => {
      if (stdoutGone) return resolve(false);
      if (process.stdout.write(line(t))) return resolve(true);
      const done = () => (process.stdout.off("drain", done), process.stdout.off("error", done), resolve(!stdoutGone));
      process.stdout.once("drain", done);
      process.stdout.once("error", done);
    }),
};
