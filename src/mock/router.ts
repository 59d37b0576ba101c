import type { Contract } from "../contracts/model.ts";

export interface Route {
  contract: Contract;
  params: Record<string, string>;
}

interface Compiled {
  contract: Contract;
  segments: string[];
  /** Literal segments count: more literals win over parameters (`/client/get/list` over `/client/get/{id}`). */
  literals: number;
}

/** Matches (method, path) to an operation by the OpenAPI path templates of the contracts. */
export function makeRouter(contracts: Contract[]): (method: string, path: string) => Route | undefined {
  const table = new Map<string, Compiled[]>();
  for (const c of contracts) {
    const segments = c.path.split("/").slice(1);
    const list = table.get(c.method) ?? [];
    list.push({ contract: c, segments, literals: segments.filter((s) => !s.startsWith("{")).length });
    table.set(c.method, list);
  }
  for (const list of table.values()) list.sort((a, b) => b.literals - a.literals);
  return (method, path) => {
    const parts = path.split("/").slice(1);
    for (const r of table.get(method.toUpperCase()) ?? []) {
      if (r.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = r.segments[i]!;
        if (seg.startsWith("{")) {
          if (!parts[i]) ok = false;
          else params[seg.slice(1, -1)] = safeDecode(parts[i]!);
        } else ok = seg === parts[i];
      }
      if (ok) return { contract: r.contract, params };
    }
    return undefined;
  };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A concrete URL path for a contract, its parameters filled in. */
export function fillPath(contract: Contract, params: Record<string, string>): string {
  return contract.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(params[name] ?? "1"));
}
