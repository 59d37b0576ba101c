/**
 * The call parameters of one case, generated from the operation's request schema: required and
 * optional properties, nested objects, arrays, int64 values beyond 2^53, optional query
 * parameters. Seeded by the case id (without its derivations, so a case, its control and its
 * halves ask the same), so the same case id always asks the same request.
 *
 * Only values every SDK must pass on unchanged are asked: no `null` (folding null into absent is
 * an idiom), no empty string or array (an SDK may leave out an empty list), no `readOnly`
 * property (a server-set field a caller never sends). Parameters the adapter declared it cannot
 * take (handshake `unsupportedParameters`) are never asked unless they are required.
 */
import type { Contract, Schema } from "../contracts/model.ts";
import type { JsonValue } from "../json/lossless.ts";
import { deref, kindOf } from "../schema/shape.ts";
import type { CallParameters, Credentials } from "../targets/sdk-adapter.ts";

/** The seed of a case's request: its id without derivations (`~control`, `~split:…`, `~drop:…`, `~reduce:…`). */
export const requestSeedOf = (caseId: string): string =>
  caseId.replace(/(~(control|split:[01]+|drop:[\d.]+|reduce:[\dx.]+))+$/, "");

/** A small deterministic PRNG (mulberry32) seeded by a string hash (FNV-1a). */
function random(seed: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** int64 values a double cannot hold, and ordinary ones. */
const INT64_EXACT = [9007199254740993n, 9223372036854775807n, -9223372036854775807n, 1234567890123456789n];
const FORMATTED: Record<string, (w: string) => string> = {
  uri: (w) => `https://client.example.org/${w}`,
  url: (w) => `https://client.example.org/${w}`,
  "date-time": () => "2024-01-01T00:00:00Z",
  email: (w) => `${w}@example.com`,
};
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** The request pointers an adapter declared it cannot take for an operation (its own and every operation's, `*`). */
export function unsupportedParameters(declared: Record<string, string[]> | undefined, operationId: string): string[] {
  return [...(declared?.["*"] ?? []), ...(declared?.[operationId] ?? [])];
}

/** Does `pointer` (a request pointer such as `/body/clientId`) match a declared pattern (`*` matches one segment)? */
export function matchesPointer(pattern: string, pointer: string): boolean {
  const p = pattern.split("/");
  const q = pointer.split("/");
  return p.length === q.length && p.every((seg, i) => seg === "*" || seg === q[i]);
}

class RequestGenerator {
  private readonly next: () => number;
  constructor(
    seed: string,
    private readonly defs: Record<string, Schema>,
    private readonly unsupported: readonly string[],
  ) {
    this.next = random(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  private pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  word(): string {
    let w = "";
    for (let n = this.int(1, 12); n > 0; n--) w += ALNUM[this.int(0, ALNUM.length - 1)];
    return w;
  }
  private skipped(ptr: string): boolean {
    return this.unsupported.some((u) => matchesPointer(u, ptr));
  }
  /** A decimal id for a path parameter: at times beyond 2^53, which an SDK must not parse into a double. */
  id(): string {
    return this.next() < 0.5 ? String(this.pick(INT64_EXACT.filter((n) => n > 0n))) : String(this.int(1, 1_000_000));
  }
  /** Whether to ask an optional parameter at `ptr`: about half the time, never one the adapter cannot take. */
  include(ptr: string): boolean {
    return this.next() < 0.5 && !this.skipped(ptr);
  }

  value(raw: Schema, ptr: string, depth: number): JsonValue {
    const { schema: s } = deref(raw, this.defs);
    switch (kindOf(s)) {
      case "enum": {
        const values = (s.enum as JsonValue[]).filter((v) => v !== null);
        return values.length ? this.pick(values) : this.word();
      }
      case "string":
        return (FORMATTED[s.format as string] ?? (() => this.word()))(this.word());
      case "free-string":
      case "any":
        return this.word();
      case "int64":
        // Half the time a value beyond 2^53: it must reach the wire with every digit.
        return this.next() < 0.5 ? this.pick(INT64_EXACT) : this.int(1, 1_000_000);
      case "integer":
        return this.int(1, 100_000);
      case "number":
        return this.int(1, 1000);
      case "boolean":
        return this.next() < 0.5;
      case "array": {
        const items = (s.items as Schema | undefined) ?? {};
        return Array.from({ length: this.int(1, 2) }, (_, i) => this.value(items, `${ptr}/${i}`, depth + 1));
      }
      case "object":
        return this.object(s, ptr, depth);
    }
  }

  object(s: Schema, ptr: string, depth: number): { [k: string]: JsonValue } {
    const out: { [k: string]: JsonValue } = {};
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    const required = new Set((s.required as string[] | undefined) ?? []);
    // Fewer optional properties deeper down, none past a few levels: requests stay small.
    const chance = depth === 0 ? 0.5 : depth < 3 ? 0.3 : 0;
    for (const [k, p] of Object.entries(props)) {
      const at = `${ptr}/${k}`;
      if (!required.has(k) && (p.readOnly === true || this.skipped(at) || this.next() >= chance)) continue;
      out[k] = this.value(p, at, depth + 1);
    }
    for (const k of required) if (!(k in out)) out[k] = this.value(props[k] ?? {}, `${ptr}/${k}`, depth + 1);
    return out;
  }
}

/**
 * The call parameters of case `caseId`: `serviceId` from the credentials, every other path
 * parameter a decimal id (at times beyond 2^53, as text), required query parameters and about
 * half the optional ones, and a body with its required properties and about half the optional ones.
 */
export function generateRequest(
  contract: Contract,
  credentials: Credentials,
  caseId: string,
  unsupported: readonly string[] = [],
): CallParameters {
  const defs = (contract.request?.schema.$defs as Record<string, Schema> | undefined) ?? {};
  const g = new RequestGenerator(`${contract.operationId}|${requestSeedOf(caseId)}`, defs, unsupported);
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of contract.parameters) {
    if (p.in === "path") pathParams[p.name] = p.name === "serviceId" ? credentials.serviceId : g.id();
    else if (p.in === "query" && (p.required || g.include(`/query/${p.name}`)))
      query[p.name] = String(g.value(p.schema, `/query/${p.name}`, 1));
  }
  const req = contract.request;
  if (!req) return { pathParams, query };
  return { pathParams, query, body: g.value(req.schema, "/body", 0) };
}
