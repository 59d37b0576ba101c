/**
 * Finds the exact text of a member inside a JSON line, so the decoded object an adapter wrote is
 * handed to the checks as written (no re-serialisation that could tidy up numbers or escapes).
 * Only used on text that already parsed as JSON, so the scanner need not diagnose errors.
 */

const WS = /[ \t\n\r]*/y;

function skipWs(t: string, i: number): number {
  WS.lastIndex = i;
  WS.exec(t);
  return WS.lastIndex;
}

/** Index just past the string starting at `i` (which is a quote). */
function skipString(t: string, i: number): number {
  for (i++; t[i] !== '"'; i++) if (t[i] === "\\") i++;
  return i + 1;
}

/** Index just past the value starting at `i`. */
function skipValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') return skipString(t, i);
  if (c !== "{" && c !== "[") {
    while (i < t.length && !/[\s,\]}]/.test(t[i]!)) i++;
    return i;
  }
  let depth = 0;
  for (; i < t.length; i++) {
    const d = t[i];
    if (d === '"') i = skipString(t, i) - 1;
    else if (d === "{" || d === "[") depth++;
    else if ((d === "}" || d === "]") && --depth === 0) return i + 1;
  }
  return i;
}

/** [start, end) of the member `key` of the object starting at `i`; the last one wins, as in JSON.parse. */
function member(t: string, i: number, key: string): [number, number] | undefined {
  if (t[i] !== "{") return undefined;
  let found: [number, number] | undefined;
  i = skipWs(t, i + 1);
  while (t[i] === '"') {
    const keyEnd = skipString(t, i);
    const name = JSON.parse(t.slice(i, keyEnd)) as string;
    const start = skipWs(t, skipWs(t, keyEnd) + 1); // past the colon
    const end = skipValue(t, start);
    if (name === key) found = [start, end];
    i = skipWs(t, end);
    if (t[i] === ",") i = skipWs(t, i + 1);
  }
  return found;
}

/** The raw text of the value at `path` (object keys only) in a JSON text, or undefined. */
export function rawMember(text: string, path: string[]): string | undefined {
  let span: [number, number] = [skipWs(text, 0), text.length];
  for (const key of path) {
    const next = member(text, span[0], key);
    if (!next) return undefined;
    span = next;
  }
  return text.slice(span[0], span[1]).trim();
}
