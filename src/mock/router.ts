import type { Contract } from "../contracts/model.ts";

/** The operation a request reached, with its path parameters (percent-decoded). */
export interface Route {
  contract: Contract;
  params: Record<string, string>;
}

/** Finds the operation for a method and a path (no query string); undefined when none. */
export type Router = (method: string, path: string) => Route | undefined;

/** A request target split into its raw path and its parsed query string. */
export interface Target {
  /** The path exactly as sent (still percent-encoded), without query string or fragment. */
  path: string;
  /** Query parameters, decoded; a repeated name keeps its last value. */
  query: Record<string, string>;
}

interface Template {
  contract: Contract;
  /** Literal segments as strings, parameters as `{ param: name }`. */
  segments: Array<string | { param: string }>;
}

/**
 * Builds a router over the OpenAPI path templates of the contracts. Where two templates match,
 * the one with a literal at the leftmost segment where they differ wins, so
 * `/client/get/list` beats `/client/get/{clientId}` whatever order the spec lists them in.
 */
export function makeRouter(contracts: Contract[]): Router {
  const byMethodAndLength = new Map<string, Template[]>();
  for (const contract of contracts) {
    const segments = contract.path
      .split("/")
      .slice(1)
      .map((s) => (/^\{[^}]+\}$/.test(s) ? { param: s.slice(1, -1) } : s));
    const key = `${contract.method} ${segments.length}`;
    const list = byMethodAndLength.get(key) ?? [];
    list.push({ contract, segments });
    byMethodAndLength.set(key, list);
  }
  for (const list of byMethodAndLength.values()) list.sort(moreSpecificFirst);

  return (method, path) => {
    const parts = path.split("/").slice(1);
    for (const t of byMethodAndLength.get(`${method.toUpperCase()} ${parts.length}`) ?? []) {
      const params = matchTemplate(t, parts);
      if (params) return { contract: t.contract, params };
    }
    return undefined;
  };
}

function matchTemplate(t: Template, parts: string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const [i, seg] of t.segments.entries()) {
    const part = parts[i]!;
    if (typeof seg === "string") {
      if (seg !== part) return undefined;
    } else {
      // An empty segment (`/api//auth/token`) is no value: Authlete would not route it either.
      if (!part) return undefined;
      params[seg.param] = safeDecode(part);
    }
  }
  return params;
}

/** Lexicographic on "is a parameter" per segment: a literal sorts before a parameter. */
function moreSpecificFirst(a: Template, b: Template): number {
  for (let i = 0; i < a.segments.length; i++) {
    const pa = typeof a.segments[i] !== "string";
    const pb = typeof b.segments[i] !== "string";
    if (pa !== pb) return pa ? 1 : -1;
  }
  return 0;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // A malformed escape is kept as sent; the value check then reports what arrived.
    return s;
  }
}

/**
 * Splits a request target (`/api/1/client/get/list?start=0&end=5`) without URL resolution: `new
 * URL()` would fold `..` segments and read `//host/...` as an authority, hiding what was sent.
 * An absolute-form target (`http://host/path`, as proxies send) is reduced to its path.
 */
export function splitTarget(target: string): Target {
  let t = target.split("#")[0]!;
  const absolute = /^[a-z][a-z0-9+.-]*:\/\/[^/?]*/i.exec(t);
  if (absolute) t = t.slice(absolute[0].length) || "/";
  const q = t.indexOf("?");
  const path = q < 0 ? t : t.slice(0, q);
  const query = q < 0 ? {} : Object.fromEntries(new URLSearchParams(t.slice(q + 1)));
  return { path, query };
}

/** A concrete path for a contract, each `{name}` filled from `params` (percent-encoded; "1" when missing). */
export function fillPath(contract: Contract, params: Record<string, string>): string {
  return contract.path.replace(/\{([^}]+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? "1"));
}
