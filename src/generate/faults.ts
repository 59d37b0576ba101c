import type { Contract } from "../contracts/model.ts";
import { isJsonObject, parseLossless, stringifyLossless, type JsonObject, type JsonValue } from "../json/lossless.ts";
import { BODY_FAULTS, ERROR_STATUSES, LENIENT_FAULTS, type FaultKind, type StatusStyle } from "../model/faults.ts";
import type { Schema } from "../contracts/model.ts";
import type { PlannedCase } from "./case.ts";
import { coverageCases } from "./cases.ts";
import { formatCaseId } from "./id.ts";

/** Authlete resultCodes the injected error statuses carry (illustrative, fixed so reports are stable). */
const RESULT_CODES: Record<number, string> = {
  400: "A001201",
  401: "A001202",
  403: "A001215",
  404: "A001404",
  409: "A001409",
  500: "A001101",
  502: "A001502",
  503: "A001503",
};

const REASONS: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  409: "Conflict",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/**
 * Operations whose fault cases include the answer that comes too late (`delay`) or never (`hang`).
 * Each costs a run the SDK's timeout, so one operation every Authlete SDK implements carries them,
 * not all 84: a client's timeout is one setting of its HTTP client, whatever the operation.
 */
export const TIMING_OPERATIONS = ["auth_token_api"];

/** An HTML error page, as a proxy or a web server in front of Authlete answers. */
export const htmlPage = (status: number): string =>
  `<html><head><title>${status} ${REASONS[status] ?? "Error"}</title></head><body><h1>${status} ${REASONS[status] ?? "Error"}</h1></body></html>`;

/**
 * Operations served the whole catalogue: the two every Authlete SDK implements (they also carry the
 * answers that come too late or never), a DELETE with no body (where SDKs are known to swallow a
 * 4xx) and the one operation that answers text.
 */
export const FULL_CATALOGUE_OPERATIONS = [
  "auth_authorization_api",
  "auth_token_api",
  "client_delete_api",
  "get_api_lifecycle_healthcheck",
];

/**
 * Every other operation is served its documented error statuses (with a `resultCode`) and one
 * entry in this many of the rest of the catalogue, a different slice on each operation (rotated by
 * its name), so that across the profile every entry is served on several operations while a run
 * pays for about as many fault cases per operation as it did before the catalogue grew.
 */
export const ROTATION = 8;

const memo = new WeakMap<Contract, PlannedCase[]>();
const served = new WeakMap<Contract, PlannedCase[]>();

/**
 * Every fault case an operation has, each its own case with its own id (`op~fault~<kind>`), served
 * or not: every error status with a `resultCode`, without one and as an HTML page; 2xx bodies that
 * are not a JSON object, cut short or only leniently JSON; a connection reset in the middle of the
 * body; and on {@link TIMING_OPERATIONS}, an answer after the SDK's timeout and none at all. Any of
 * them replays by id. Built once per contract.
 */
export function faultCatalogue(contract: Contract): PlannedCase[] {
  let out = memo.get(contract);
  if (!out) memo.set(contract, (out = buildFaults(contract)));
  return out;
}

/** The fault cases a run serves on an operation: the whole catalogue or its rotating slice (see {@link ROTATION}). */
export function faultCases(contract: Contract): PlannedCase[] {
  let out = served.get(contract);
  if (!out) served.set(contract, (out = servedFaults(contract)));
  return out;
}

function servedFaults(contract: Contract): PlannedCase[] {
  const all = faultCatalogue(contract);
  if (FULL_CATALOGUE_OPERATIONS.includes(contract.operationId)) return all;
  // FNV-1a of the name: the slice depends on the operation only, not on which others the run has.
  let h = 0x811c9dc5;
  for (const ch of contract.operationId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  const turn = h % ROTATION;
  const documented = new Set(contract.errorStatuses.map((s) => `status-${s}`));
  let k = 0;
  return all.filter((p) => documented.has(p.fault!) || (k++ + turn) % ROTATION === 0);
}

function buildFaults(contract: Contract): PlannedCase[] {
  const make = (fault: FaultKind, status: number, body: string, contentType: string | null): PlannedCase => ({
    case: {
      id: formatCaseId({ kind: "fault", operationId: contract.operationId, fault }),
      operationId: contract.operationId,
      variant: "conforming",
      body,
      seed: 0,
      index: 0,
      goals: [],
    },
    status,
    contentType,
    fault,
  });
  const jsonErrors = contract.errorContentType === "application/json" || contract.errorContentType === null;
  const statusCase = (s: number, style: StatusStyle): PlannedCase | undefined => {
    const kind = `status-${s}${style}` as FaultKind;
    if (style === "-html") return make(kind, s, htmlPage(s), "text/html");
    // Served as the operation documents its errors: JSON, or text (the health check, which has no resultCode).
    if (!jsonErrors)
      return style ? undefined : make(kind, s, `injected ${s} from the mock Authlete API`, contract.errorContentType);
    const body =
      style === "-no-code"
        ? { message: `${s} ${REASONS[s]}: an error body with no result code` }
        : {
            resultCode: RESULT_CODES[s],
            resultMessage: `[${RESULT_CODES[s]}] injected ${s} from the mock Authlete API`,
          };
    return make(kind, s, JSON.stringify(body), "application/json");
  };
  const statuses = ERROR_STATUSES.flatMap((s) =>
    (["", "-no-code", "-html"] as const).map((style) => statusCase(s, style)),
  ).filter((c): c is PlannedCase => c !== undefined);
  const success = contract.response.status;
  const minimal = coverageCases(contract)[0]?.body ?? "";
  const json = contract.response.contentType === "application/json";
  const bodies: Record<(typeof BODY_FAULTS)[number], [string, string]> = {
    "non-json": ["<html><body>upstream proxy error</body></html>", "text/html"],
    "non-json-json": ["not json", "application/json"],
    "non-json-text": ["not json", "text/plain"],
    empty: ["", "application/json"],
    "null-body": ["null", "application/json"],
    "array-body": ["[1,2]", "application/json"],
    "string-body": ['"x"', "application/json"],
    "number-body": ["42", "application/json"],
    "boolean-body": ["true", "application/json"],
    "truncated-json": [truncated(minimal), "application/json"],
  };
  const lenient = lenientBodies(contract, minimal);
  return [
    ...statuses,
    ...(json
      ? [
          ...BODY_FAULTS.map((k) => make(k, success, ...bodies[k])),
          ...LENIENT_FAULTS.map((k) => make(k, success, lenient[k], "application/json")),
        ]
      : []),
    // The documented answer, cut by a reset half way (a 204 has no body to cut); then one too late and one never finished.
    ...(contract.response.contentType ? [make("reset-mid-body", success, minimal, contract.response.contentType)] : []),
    ...(TIMING_OPERATIONS.includes(contract.operationId)
      ? [make("delay", success, minimal, contract.response.contentType), make("hang", success, "", null)]
      : []),
  ];
}

/** A JSON body cut short: the minimal body with a member whose string never ends. */
function truncated(minimal: string): string {
  const open = minimal.startsWith("{") ? minimal.slice(0, -1) : "{";
  return `${open}${open.length > 1 ? "," : ""}"resultMessage":"the body ends here`;
}

/** The members a lenient body spells: the minimal body's, or two string properties of the response. */
function lenientMembers(contract: Contract, minimal: string): JsonObject {
  let base: JsonValue;
  try {
    base = minimal ? parseLossless(minimal) : {};
  } catch {
    base = {};
  }
  const out: JsonObject = isJsonObject(base) ? { ...base } : {};
  const props = (contract.response.schema?.properties as Record<string, Schema> | undefined) ?? {};
  const strings = Object.entries(props)
    .filter(([k, p]) => p.type === "string" && !p.enum && !(k in out))
    .map(([k]) => k);
  // At least two members, so `;` has something to separate.
  for (const k of [...strings, "resultMessage", "resultCode"]) {
    if (Object.keys(out).length >= 2) break;
    if (!(k in out)) out[k] = "sample";
  }
  return out;
}

/** The same members spelled three ways only a lenient parser accepts. */
function lenientBodies(contract: Contract, minimal: string): Record<(typeof LENIENT_FAULTS)[number], string> {
  const members = Object.entries(lenientMembers(contract, minimal));
  const value = (v: JsonValue) => stringifyLossless(v);
  return {
    "lenient-unquoted": `{${members.map(([k, v]) => `${k}:${value(v)}`).join(",")}}`,
    "lenient-single-quotes": `{${members.map(([k, v]) => `'${k}':${typeof v === "string" ? `'${v}'` : value(v)}`).join(",")}}`,
    "lenient-semicolons": `{${members.map(([k, v]) => `${JSON.stringify(k)}:${value(v)}`).join(";")}}`,
  };
}
