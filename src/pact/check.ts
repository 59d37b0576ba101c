import type { Contract } from "../contracts/model.ts";
import { actionValues } from "../generate/variants.ts";
import { stringifyLossless, type JsonValue } from "../json/lossless.ts";
import { validateText } from "../schema/validate.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ValidateFunction } from "ajv";
import { KIT_ROOT } from "../contracts/paths.ts";
import { InputError } from "../errors.ts";
import { JsonInputError, readJsonFile, type JsonLimits } from "../json/read.ts";

/**
 * Checks a pact written by any consumer against the Authlete contracts, without a hosted
 * service: each interaction's request must be an operation of the profile with a valid body,
 * each response body must be valid against that operation's schema, and every documented action
 * without an interaction is listed. Bi-directional contract testing, offline.
 */

export interface PactProblem {
  interaction: string;
  /** `request`, `response` or a JSON Pointer inside the response body. */
  where: string;
  message: string;
}

export interface PactCheckResult {
  interactions: number;
  problems: PactProblem[];
  /** Per operation the pact exercises: documented actions with and without an interaction. */
  coverage: Array<{ operationId: string; covered: string[]; missing: string[] }>;
}

interface PactInteraction {
  description?: string;
  type?: string;
  providerStates?: Array<{ name: string }>;
  providerState?: string;
  request?: { method?: string; path?: string; body?: unknown; headers?: Record<string, unknown> };
  response?: { status?: number; body?: unknown; headers?: Record<string, unknown> };
}

/** The body of a V2/V3 (plain JSON) or V4 (`{content, contentType, encoded}`) request or response. */
function bodyOf(body: unknown): { text: string } | undefined {
  if (body === undefined || body === null) return undefined;
  if (
    typeof body === "object" &&
    !Array.isArray(body) &&
    "content" in body &&
    ("contentType" in body || "encoded" in body)
  ) {
    const b = body as { content: unknown; encoded?: boolean | string };
    if (b.encoded && typeof b.content === "string") return { text: Buffer.from(b.content, "base64").toString("utf8") };
    return { text: typeof b.content === "string" ? b.content : stringifyLossless(b.content as JsonValue) };
  }
  return { text: typeof body === "string" ? body : stringifyLossless(body as JsonValue) };
}

function matcherFor(contracts: Contract[]): (method: string, path: string) => Contract | undefined {
  const routes = contracts.map((c) => ({
    c,
    re: new RegExp(`^${c.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+")}/?$`),
  }));
  return (method, path) => routes.find((r) => r.c.method === method.toUpperCase() && r.re.test(path.split("?")[0]!))?.c;
}

const actionOf = (text: string): string | undefined => {
  try {
    const v = JSON.parse(text) as { action?: unknown };
    return typeof v?.action === "string" ? v.action : undefined;
  } catch {
    return undefined;
  }
};

/** A pact file is refused unread past this size or nesting depth. */
export const PACT_LIMITS: JsonLimits = { maxBytes: 64 * 1024 * 1024, maxDepth: 128 };

let validator: ValidateFunction | undefined;

/** Problems that make `pact` unreadable as a pact (schemas/pact-input.json), in one line, or undefined. */
export function pactProblem(pact: unknown): string | undefined {
  validator ??= new Ajv({ strict: false }).compile(
    JSON.parse(readFileSync(join(KIT_ROOT, "schemas", "pact-input.json"), "utf8")) as object,
  );
  if (validator(pact)) return undefined;
  const e = validator.errors![0]!;
  return `not a pact this kit can read: ${e.instancePath || "/"} ${e.message ?? e.keyword}`;
}

/** Reads a pact file within the limits and validates it; InputError (exit 2, one line) otherwise. */
export function readPact(file: string): unknown {
  let pact: unknown;
  try {
    pact = readJsonFile(file, PACT_LIMITS);
  } catch (e) {
    if (e instanceof JsonInputError) throw new InputError(file, e.message);
    throw e;
  }
  const problem = pactProblem(pact);
  if (problem) throw new InputError(file, problem);
  return pact;
}

export function checkPact(pact: unknown, contracts: Contract[]): PactCheckResult {
  const problems: PactProblem[] = [];
  // Library callers may hand anything: what is not a pact is one problem, never a crash.
  const invalid = pactProblem(pact);
  if (invalid)
    return {
      interactions: 0,
      problems: [{ interaction: "(pact)", where: "interactions", message: invalid }],
      coverage: [],
    };
  const interactions = ((pact as { interactions?: PactInteraction[] })?.interactions ?? []).filter(
    (i) => !i.type || i.type === "Synchronous/HTTP",
  );
  if (!Array.isArray((pact as { interactions?: unknown })?.interactions))
    problems.push({ interaction: "(pact)", where: "interactions", message: "not a pact: no interactions array" });
  const find = matcherFor(contracts);
  const covered = new Map<string, Set<string>>();
  for (const [k, i] of interactions.entries()) {
    const name = i.description ?? `interaction ${k}`;
    const method = i.request?.method ?? "GET";
    const path = i.request?.path ?? "";
    const contract = find(method, path);
    if (!contract) {
      problems.push({
        interaction: name,
        where: "request",
        message: `${method} ${path} is no operation of the profile`,
      });
      continue;
    }
    const seen = covered.get(contract.operationId) ?? new Set<string>();
    covered.set(contract.operationId, seen);
    const reqBody = bodyOf(i.request?.body);
    if (contract.request?.schema && reqBody)
      for (const issue of validateText(contract.request.schema, reqBody.text, { all: true }))
        problems.push({
          interaction: name,
          where: `request${issue.path}`,
          message: `${contract.operationId} request: ${issue.message}`,
        });
    if (contract.request?.required && !reqBody)
      problems.push({
        interaction: name,
        where: "request",
        message: `${contract.operationId} requires a request body`,
      });
    const status = i.response?.status ?? 200;
    const resBody = bodyOf(i.response?.body);
    const success = status === contract.response.status || contract.response.alsoStatuses.includes(status);
    const schema = success
      ? contract.response.schema
      : contract.errorStatuses.includes(status)
        ? contract.errorSchema
        : undefined;
    if (!success && !contract.errorStatuses.includes(status)) {
      problems.push({
        interaction: name,
        where: "response",
        message: `${contract.operationId} never answers ${status} (documented: ${[contract.response.status, ...contract.errorStatuses].join(", ")})`,
      });
      continue;
    }
    // Each answer as documented: the success body's media type, or the operation's error media type.
    if (schema && (success ? contract.response.contentType : contract.errorContentType) === "application/json") {
      if (!resBody)
        problems.push({
          interaction: name,
          where: "response",
          message: `${contract.operationId} answers ${status} with a JSON body; the interaction has none`,
        });
      else
        for (const issue of validateText(schema, resBody.text, { all: true }))
          problems.push({
            interaction: name,
            where: issue.path || "/",
            message: `${contract.operationId} response: ${issue.message}`,
          });
    }
    const action = resBody && success ? actionOf(resBody.text) : undefined;
    if (action) seen.add(action);
  }
  const coverage = [...covered].map(([operationId, actions]) => {
    const documented = actionValues(contracts.find((c) => c.operationId === operationId)!);
    return {
      operationId,
      covered: documented.filter((a) => actions.has(a)),
      missing: documented.filter((a) => !actions.has(a)),
    };
  });
  return { interactions: interactions.length, problems, coverage };
}
