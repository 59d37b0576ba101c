/**
 * A minimal valid request for a call: the SDK checks judge how an SDK decodes responses, so the
 * request only has to be one the mock accepts. Deterministic, so request checks reproduce.
 */
import type { Contract, Schema } from "../contracts/model.ts";
import type { JsonValue } from "../json/lossless.ts";
import type { CallParameters, Credentials } from "./sdk-adapter.ts";

/** A string for each format the request schemas use where "sample" would not be valid. */
const FORMATTED: Record<string, string> = { uri: "https://client.example.org/cb", url: "https://client.example.org/cb", "date-time": "2024-01-01T00:00:00Z", email: "user@example.com" };

/** The simplest valid value of a schema: required properties only, "sample", 1, false, []. */
function sample(s: Schema, defs: Record<string, Schema>, depth: number): JsonValue {
  if (typeof s.$ref === "string") return sample(defs[s.$ref.replace("#/$defs/", "")] ?? {}, defs, depth + 1);
  if (Array.isArray(s.enum)) return (s.enum.find((v) => v !== null) ?? null) as JsonValue;
  switch (s.type) {
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    case "array":
      return [];
    case "string":
      return FORMATTED[s.format as string] ?? "sample";
  }
  if (s.type !== "object" && !s.properties) return "sample";
  const out: { [k: string]: JsonValue } = {};
  if (depth > 8) return out; // required cycles do not occur in the spec; guard anyway
  const props = (s.properties as Record<string, Schema> | undefined) ?? {};
  for (const name of (s.required as string[] | undefined) ?? []) out[name] = sample(props[name] ?? { type: "string" }, defs, depth + 1);
  return out;
}

/**
 * The parameters of a minimal valid call of `contract`: path parameters (`serviceId` from the
 * credentials, any other a fixed "1"), required query parameters, and, when the operation takes
 * a body, an object with the request schema's required properties filled with simple values.
 */
export function buildRequest(contract: Contract, credentials: Credentials): CallParameters {
  const pathParams: Record<string, string> = {};
  const query: Record<string, string> = {};
  for (const p of contract.parameters) {
    if (p.in === "path") pathParams[p.name] = p.name === "serviceId" ? credentials.serviceId : "1";
    else if (p.in === "query" && p.required) query[p.name] = String(sample(p.schema, {}, 0));
  }
  const req = contract.request;
  if (!req) return { pathParams, query };
  return { pathParams, query, body: sample(req.schema, (req.schema.$defs as Record<string, Schema> | undefined) ?? {}, 0) };
}
