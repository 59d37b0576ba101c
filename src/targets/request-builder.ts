/**
 * A minimal valid request for a call, the same every time: what Pact interactions record as the
 * consumer's request. SDK runs ask each case's own generated request instead (generate/request.ts).
 */
import type { Contract, Schema } from "../contracts/model.ts";
import { simplestValue } from "../schema/simplest.ts";
import type { CallParameters, Credentials } from "./sdk-adapter.ts";

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
    else if (p.in === "query" && p.required) query[p.name] = String(simplestValue(p.schema, {}));
  }
  const req = contract.request;
  if (!req) return { pathParams, query };
  return {
    pathParams,
    query,
    body: simplestValue(req.schema, (req.schema.$defs as Record<string, Schema> | undefined) ?? {}),
  };
}
