import type { Contract, Schema } from "../contracts/model.ts";
import type { CallParameters, Credentials } from "./adapter.ts";

/** A simple valid value for a schema: deterministic, so request checks are reproducible. */
function sample(s: Schema, defs: Record<string, Schema>, depth = 0): unknown {
  if (typeof s.$ref === "string") return sample(defs[s.$ref.replace("#/$defs/", "")] ?? {}, defs, depth + 1);
  if (Array.isArray(s.enum)) return s.enum.find((v) => v !== null);
  switch (s.type) {
    case "integer":
      return 1;
    case "number":
      return 1;
    case "boolean":
      return false;
    case "array":
      return [];
    case "object": {
      const out: Record<string, unknown> = {};
      if (depth > 4) return out;
      const props = (s.properties as Record<string, Schema>) ?? {};
      for (const r of (s.required as string[]) ?? []) if (props[r]) out[r] = sample(props[r]!, defs, depth + 1);
      return out;
    }
    default:
      return s.format === "uri" ? "https://client.example.org/cb" : "sample";
  }
}

/**
 * The parameters of a minimal valid call: path parameters (serviceId from the credentials),
 * required query parameters, and a body with the request schema's required properties.
 */
export function buildRequest(contract: Contract, credentials: Credentials): CallParameters {
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of contract.parameters) {
    if (p.in === "path") pathParams[p.name] = p.name === "serviceId" ? credentials.serviceId : "1";
    else if (p.in === "query" && p.required) query[p.name] = String(sample(p.schema, {}));
  }
  const req = contract.request;
  return { pathParams, query, ...(req ? { body: sample(req.schema, (req.schema.$defs as Record<string, Schema>) ?? {}) } : {}) };
}
