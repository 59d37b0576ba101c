/**
 * Sorting what an SDK threw into the protocol's error kinds, and reading what the error carries
 * (HTTP status, Authlete `resultCode`, the raw body) under the names real SDKs use.
 */

/** The SDK's own error kinds (docs/adapter-protocol.md). */
export type ErrorKind = "api" | "decode" | "transport";

/** An error class (matched with instanceof). */
export type ErrorClass = abstract new (...args: never[]) => unknown;
/** A predicate over anything thrown. */
export type ErrorPredicate = (e: unknown) => boolean;
/** How one kind is recognised: a class, a predicate, or a list of them. */
export type ErrorMatcher = ErrorClass | ErrorPredicate | ReadonlyArray<ErrorClass | ErrorPredicate>;

/** A failure of the adapter itself (a hook threw, a result is not JSON): never the SDK's error. */
export class AdapterError extends Error {
  override name = "AdapterError";
}

const isClass = (f: ErrorClass | ErrorPredicate): f is ErrorClass =>
  f === Error || (typeof f.prototype === "object" && f.prototype instanceof Error);

/** How far `e` is from a class matcher (0: its own class), or undefined when it is no instance. */
function distance(e: unknown, m: ErrorClass | ErrorPredicate): number | undefined {
  if (!isClass(m)) return m(e) ? 0 : undefined; // a predicate says exactly what it means
  if (!(e instanceof (m as unknown as new () => unknown))) return undefined;
  let n = 0;
  for (
    let p = Object.getPrototypeOf(e) as object | null;
    p && p !== m.prototype;
    p = Object.getPrototypeOf(p) as object | null
  )
    n++;
  return n;
}

/**
 * The kind whose matcher fits `e` most closely: a predicate that holds, or the nearest class in
 * e's ancestry. So a decode error that subclasses the SDK's base error (listed as `api`) is a
 * decode error, whatever order the kinds are listed in. Two kinds fitting equally well is the
 * adapter's mistake, reported as such. Undefined: not one of the SDK's own errors.
 */
export function classify(e: unknown, errors: Partial<Record<ErrorKind, ErrorMatcher>>): ErrorKind | undefined {
  let best: { kind: ErrorKind; d: number }[] = [];
  for (const [kind, matcher] of Object.entries(errors) as [ErrorKind, ErrorMatcher | undefined][]) {
    if (!matcher) continue;
    let d: number | undefined;
    for (const m of (Array.isArray(matcher) ? matcher : [matcher]) as Array<ErrorClass | ErrorPredicate>) {
      let got: number | undefined;
      try {
        got = distance(e, m);
      } catch (err) {
        throw new AdapterError(`the ${kind} error matcher threw: ${describe(err)}`);
      }
      if (got !== undefined && (d === undefined || got < d)) d = got;
    }
    if (d === undefined) continue;
    if (!best.length || d < best[0]!.d) best = [{ kind, d }];
    else if (d === best[0]!.d) best.push({ kind, d });
  }
  if (best.length > 1)
    throw new AdapterError(
      `${describe(e)} matches the ${best.map((b) => b.kind).join(" and ")} errors equally: make their classes or predicates tell them apart`,
    );
  return best[0]?.kind;
}

export const describe = (e: unknown): string =>
  e instanceof Error ? `${e.name}: ${e.message}` : `thrown ${typeof e}: ${String(e)}`;

/** Follows a dotted path; a `name()` step calls a method without arguments. Never throws. */
export function dig(value: unknown, path: string): unknown {
  let v = value;
  for (const step of path.split(".")) {
    if (v === null || (typeof v !== "object" && typeof v !== "function")) return undefined;
    try {
      const call = step.endsWith("()");
      const got = (v as Record<string, unknown>)[call ? step.slice(0, -2) : step];
      v = call ? (typeof got === "function" ? (got as () => unknown).call(v) : undefined) : got;
    } catch {
      return undefined;
    }
  }
  return v;
}

/** Where SDKs keep the HTTP status of an error, most direct first. */
export const STATUS_PATHS = [
  "status",
  "statusCode",
  "status_code",
  "httpStatus",
  "getStatusCode()",
  "getStatus()",
  "response.status",
  "response.statusCode",
  "response.status_code",
  "rawResponse.status",
  "raw_response.status",
  "httpMeta.response.status",
  "cause.status",
];
/** Where SDKs keep the raw error body (text, bytes or already-parsed JSON). */
export const BODY_PATHS = [
  "body",
  "responseBody",
  "rawBody",
  "getResponseBody()",
  "data",
  "response.data",
  "response.body",
  "rawResponse.body",
  "raw_response.body",
];
/** Where SDKs keep Authlete's `resultCode` themselves. */
export const RESULT_CODE_PATHS = ["resultCode", "result_code", "getResultCode()", "data.resultCode"];

const asStatus = (v: unknown): number | undefined => {
  const n = typeof v === "string" && /^\d{3}$/.test(v) ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
};

/** The HTTP status an error carries, under any of the common spellings. */
export function defaultStatus(e: unknown): number | undefined {
  for (const p of STATUS_PATHS) {
    const s = asStatus(dig(e, p));
    if (s !== undefined) return s;
  }
  return undefined;
}

/** The error's raw body: text, bytes as UTF-8 text, or a parsed JSON object. */
export function defaultBody(e: unknown): unknown {
  for (const p of BODY_PATHS) {
    const b = dig(e, p);
    if (typeof b === "string") return b;
    if (b instanceof Uint8Array) return new TextDecoder().decode(b);
    if (b !== null && typeof b === "object" && (Object.getPrototypeOf(b) === Object.prototype || Array.isArray(b)))
      return b;
  }
  return undefined;
}

/** The `resultCode` the error carries itself, else the one in its raw body. */
export function defaultResultCode(e: unknown, body: unknown): string | undefined {
  for (const p of RESULT_CODE_PATHS) {
    const c = dig(e, p);
    if (typeof c === "string") return c;
  }
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined; // an HTML error page, say: no resultCode to report
    }
  }
  const c = dig(parsed, "resultCode");
  return typeof c === "string" ? c : undefined;
}
