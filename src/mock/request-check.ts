import { timingSafeEqual } from "node:crypto";
import type { Contract, Schema } from "../contracts/model.ts";
import { JsonSyntaxError, parseLossless } from "../json/lossless.ts";
import { validatorFor } from "../schema/validate.ts";

/** Why a Bearer credential was refused; `missing` and `wrong` get different resultCodes. */
export interface CredentialProblem {
  kind: "missing" | "wrong";
  message: string;
}

/**
 * Checks `Authorization: Bearer <service access token>`. The scheme name is case-insensitive
 * (RFC 9110); the token is compared exactly.
 */
export function bearerProblem(header: string | undefined, token: string): CredentialProblem | undefined {
  if (!header) return { kind: "missing", message: "no Authorization header (Bearer service access token expected)" };
  const m = /^Bearer[ \t]+(\S+)$/i.exec(header);
  // Only the scheme is quoted back: the rest may be a real secret sent to the wrong place.
  if (!m)
    return {
      kind: "wrong",
      message: `Authorization header is not a Bearer credential (scheme "${header.split(/[ \t]/)[0]}")`,
    };
  return sameText(m[1]!, token)
    ? undefined
    : { kind: "wrong", message: "Bearer token is not the configured service access token" };
}

/** Constant-time text comparison, so a token cannot be guessed from answer timings. */
export function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Problems with path, query and header parameters: the configured serviceId, required
 * parameters present, typed values (integers, booleans, enums) parseable. Values arrive as
 * strings, so types are checked on the text, not with the JSON schema.
 */
export function parameterProblems(
  contract: Contract,
  values: { path: Record<string, string>; query: Record<string, string>; headers: Record<string, string> },
  serviceId?: string,
): string[] {
  const out: string[] = [];
  const path = values.path.serviceId;
  if (serviceId !== undefined && path !== undefined && path !== serviceId)
    out.push(`serviceId "${path}" in the path is not the configured "${serviceId}"`);
  for (const p of contract.parameters) {
    const source = p.in === "path" ? values.path : p.in === "query" ? values.query : values.headers;
    const value = source[p.in === "header" ? p.name.toLowerCase() : p.name];
    if (value === undefined) {
      if (p.required) out.push(`${p.in} parameter "${p.name}" is required`);
      continue;
    }
    const bad = textValueProblem(p.schema, value);
    if (bad) out.push(`${p.in} parameter "${p.name}" ${bad}`);
  }
  return out;
}

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

function textValueProblem(schema: Schema, value: string): string | undefined {
  if (Array.isArray(schema.enum) && !schema.enum.map(String).includes(value))
    return `must be one of ${schema.enum.map(String).join(", ")}, got "${value}"`;
  switch (schema.type) {
    case "integer": {
      if (!/^-?\d+$/.test(value)) return `must be an integer, got "${value}"`;
      const n = BigInt(value);
      if (schema.format === "int32" && (n < INT32.min || n > INT32.max)) return `must be an int32, got ${value}`;
      return undefined;
    }
    case "number":
      return value.trim() !== "" && Number.isFinite(Number(value)) ? undefined : `must be a number, got "${value}"`;
    case "boolean":
      return value === "true" || value === "false" ? undefined : `must be true or false, got "${value}"`;
    default:
      return undefined;
  }
}

const FORM = "application/x-www-form-urlencoded";

/**
 * Problems with the request body: presence, media type, and content against the request schema.
 * JSON is parsed losslessly (an int64 stays exact); a form body is only checked for the required
 * names, since every form value is a string whatever the schema says.
 */
export function bodyProblems(contract: Contract, contentType: string | undefined, body: string): string[] {
  const req = contract.request;
  if (!req)
    return body.length ? [`${contract.operationId} takes no request body, got ${Buffer.byteLength(body)} bytes`] : [];
  if (!body.length) return req.required ? [`request body is required (${req.contentTypes.join(" or ")})`] : [];
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!req.contentTypes.includes(type))
    return [`Content-Type "${contentType ?? "(none)"}" is not one of ${req.contentTypes.join(", ")}`];
  if (type === FORM) {
    const form = new URLSearchParams(body);
    const required = Array.isArray(req.schema.required) ? (req.schema.required as string[]) : [];
    return required.filter((name) => !form.has(name)).map((name) => `form body lacks required parameter "${name}"`);
  }
  try {
    return validatorFor(req.schema)(parseLossless(body)).map(
      (i) => `request body${i.path ? ` at ${i.path}` : ""} ${i.message}`,
    );
  } catch (e) {
    if (e instanceof JsonSyntaxError) return [`request body is not JSON: ${e.message}`];
    throw e;
  }
}
