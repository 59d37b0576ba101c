import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { InputError } from "../errors.ts";
import type { Contract } from "./model.ts";

const METHODS = ["get", "post", "put", "delete", "patch"] as const;

export interface SpecOperation {
  operationId: string;
  /** True when the spec gives no operationId and the kit derived one. */
  derivedId: boolean;
  method: Contract["method"];
  path: string;
  op: Record<string, unknown>;
}

export interface Spec {
  file: string;
  version: string;
  doc: Record<string, unknown>;
  operations: SpecOperation[];
  components: Record<string, unknown>;
}

/** Loads and minimally validates an OpenAPI 3.0 document. */
export function loadSpec(file: string): Spec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(file, (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (e as Error).message);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: -1 });
  } catch (e) {
    throw new InputError(file, `not valid YAML or JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const d = doc as Record<string, any>;
  if (!d || typeof d !== "object" || typeof d.openapi !== "string") throw new InputError(file, 'not an OpenAPI document (no "openapi" version field)');
  if (!d.openapi.startsWith("3.0")) throw new InputError(file, `OpenAPI ${d.openapi} is not supported (3.0.x expected)`);
  if (!d.paths || typeof d.paths !== "object") throw new InputError(file, 'no "paths" object');
  const components = d.components?.schemas;
  if (!components || typeof components !== "object") throw new InputError(file, 'no "components.schemas" object');
  const operations: SpecOperation[] = [];
  for (const [path, item] of Object.entries(d.paths as Record<string, any>)) {
    for (const m of METHODS) {
      const op = item?.[m];
      if (!op) continue;
      const id = typeof op.operationId === "string" ? op.operationId : deriveOperationId(m, path);
      operations.push({ operationId: id, derivedId: typeof op.operationId !== "string", method: m.toUpperCase() as Contract["method"], path, op });
    }
  }
  const seen = new Set<string>();
  for (const o of operations) {
    if (seen.has(o.operationId)) throw new InputError(file, `duplicate operationId "${o.operationId}"`);
    seen.add(o.operationId);
  }
  return { file, version: String(d.info?.version ?? "unknown"), doc: d, operations, components };
}

/** `GET /api/lifecycle/healthcheck` → `get_api_lifecycle_healthcheck`. */
export function deriveOperationId(method: string, path: string): string {
  const words = path.split("/").filter((s) => s && !s.startsWith("{"));
  return [method.toLowerCase(), ...words].join("_").replace(/[^A-Za-z0-9_]/g, "_");
}

/** Maps a facts-style API path (`/auth/token/issue`) to the operationId of the POST at that path. */
export function operationByApiPath(spec: Spec): (apiPath: string) => string | undefined {
  const table = new Map<string, string>();
  for (const o of spec.operations) {
    const short = o.path.replace(/^\/api\/\{serviceId\}/, "");
    if (!table.has(short) || o.method === "POST") table.set(short, o.operationId);
  }
  return (p) => table.get(p.replace(/\/$/, ""));
}
