import type { Contract } from "../contracts/model.ts";
import { JsonSyntaxError, parseLossless } from "../json/lossless.ts";
import { validatorFor } from "../schema/validate.ts";

/**
 * What is wrong with a request to an operation: media type, body against the request schema
 * (JSON parsed losslessly; form bodies only for required names, since form values are strings).
 */
export function requestProblems(contract: Contract, contentType: string | undefined, body: string): string[] {
  const req = contract.request;
  if (!req) return body.length ? [`${contract.operationId} takes no request body, got ${body.length} bytes`] : [];
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!body.length) return req.required ? [`request body is required (${req.contentTypes.join(" or ")})`] : [];
  if (!req.contentTypes.includes(type)) return [`Content-Type "${contentType ?? "(none)"}" is not one of ${req.contentTypes.join(", ")}`];
  if (type === "application/x-www-form-urlencoded") {
    const form = new URLSearchParams(body);
    return ((req.schema.required as string[] | undefined) ?? []).filter((r) => !form.has(r)).map((r) => `form body lacks required parameter "${r}"`);
  }
  try {
    return validatorFor(req.schema)(parseLossless(body)).map((i) => `request body${i.path ? ` at ${i.path}` : ""} ${i.message}`);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return [`request body is not JSON: ${e.message}`];
    throw e;
  }
}
