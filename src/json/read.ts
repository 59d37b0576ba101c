/**
 * Reading a JSON input file that may be hostile: only a regular file, read up to a size limit
 * (never `/dev/zero` until memory runs out), a byte-order mark accepted, nesting depth checked
 * before anything recursive (a parser, a validator) touches it. Knows nothing of what the JSON means.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

export interface JsonLimits {
  /** Larger files are refused unread. */
  maxBytes: number;
  /** Deeper nesting of arrays and objects is refused. */
  maxDepth: number;
}

/** The file could not be read as JSON within the limits; the message says why, in one line. */
export class JsonInputError extends Error {
  override name = "JsonInputError";
}

const human = (n: number) => (n >= 1 << 20 ? `${Math.round(n / (1 << 20))} MiB` : `${Math.round(n / 1024)} KiB`);

/** The text of a regular file, at most `maxBytes` long. */
export function readBounded(file: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new JsonInputError(
      code === "ENOENT"
        ? "no such file"
        : code === "EISDIR"
          ? "is a folder, not a file"
          : `cannot be read (${code ?? (e as Error).message})`,
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new JsonInputError(st.isDirectory() ? "is a folder, not a file" : "is not a regular file");
    if (st.size > maxBytes) throw new JsonInputError(`is larger than ${human(maxBytes)} (${human(st.size)})`);
    // Read one byte past the limit: a file that grows while read (or lies about its size) is refused too.
    const buf = Buffer.alloc(Math.min(maxBytes, Math.max(st.size, 64 * 1024)) + 1);
    let n = 0;
    for (let got = 1; got > 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, null);
    if (n > maxBytes) throw new JsonInputError(`is larger than ${human(maxBytes)}`);
    return buf.subarray(0, n).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** The deepest nesting of arrays and objects in JSON text (strings skipped), stopping past `limit`. */
export function nestingDepth(text: string, limit = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > max && (max = depth) > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** JSON text, a leading byte-order mark dropped, parsed once its depth is known to be within the limit. */
export function parseJsonText(text: string, limits: Pick<JsonLimits, "maxDepth">): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (nestingDepth(body, limits.maxDepth) > limits.maxDepth)
    throw new JsonInputError(`is nested deeper than ${limits.maxDepth} levels`);
  try {
    return JSON.parse(body);
  } catch (e) {
    throw new JsonInputError(`is not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
}

/** Reads and parses a JSON file within the limits; JsonInputError says what is wrong. */
export function readJsonFile(file: string, limits: JsonLimits): unknown {
  return parseJsonText(readBounded(file, limits.maxBytes), limits);
}
