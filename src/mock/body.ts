import type { IncomingMessage } from "node:http";

/** How reading a request body ended. */
export type BodyResult = { kind: "ok"; text: string } | { kind: "too-large"; limit: number } | { kind: "aborted" };

/**
 * Reads a request body as UTF-8 text, up to `limit` bytes. A declared Content-Length over the limit
 * is refused before reading; an over-long stream stops being kept (the rest is drained so the
 * client can read the 413). A client that stops sending is cut by the server's requestTimeout,
 * which ends here as `aborted`.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  return new Promise((resolve) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      return resolve({ kind: "too-large", limit });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on("data", (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        chunks.length = 0;
        return finish({ kind: "too-large", limit });
      }
      chunks.push(c);
    });
    req.on("end", () => finish({ kind: "ok", text: Buffer.concat(chunks).toString("utf8") }));
    req.on("error", () => finish({ kind: "aborted" }));
    req.on("close", () =>
      finish(req.complete ? { kind: "ok", text: Buffer.concat(chunks).toString("utf8") } : { kind: "aborted" }),
    );
  });
}
