import { readFileSync } from "node:fs";
import { InputError } from "../errors.ts";
import type { ActionRule, BodySource, FollowUp, HeaderRule, KnownDifference } from "./model.ts";

/** Per-operation facts, parsed from authlete-actions.json into structured rules. */
export interface OperationFacts {
  operationId: string;
  method: string;
  path: string;
  responseModel: string;
  specEnum: string[];
  javaEnum: string[];
  rules: ActionRule[];
  conditionalHeaders: HeaderRule[];
  knownDifferences: KnownDifference[];
}

type Raw = Record<string, unknown>;

/** Body descriptions in the facts file, by leading words; the first match wins. */
const BODY_KINDS: Array<[RegExp, BodySource]> = [
  [/^responseContent \(verbatim\)/, "responseContent"],
  [/^none\b/, "none"],
  [/^AS-rendered|^AS-generated/, "page"],
  [/^AS-built JSON/, "server-built"],
  [/^result of /, "follow-up"],
  [/^the protected resource/, "resource"],
  [/^n\/a\b|^see java-common javadoc/, "unspecified"],
];

const DISCREPANCY_KINDS: Record<string, KnownDifference["kind"] | null> = {
  java_not_in_spec: "value-not-in-spec",
  spec_not_in_java: "value-not-in-java",
  java_not_in_ts_0_0_3: "value-not-in-ts-sdk",
  spec_not_in_ts_0_0_3: "value-not-in-ts-sdk",
  ts_0_0_3_not_in_java: null, // the TS SDK's own list; nothing for the contract
};

/**
 * Reads the facts file. `resolveOperation` maps an API path such as `/auth/token/issue` to its
 * operationId; the facts name follow-up calls by path.
 */
export function loadFacts(file: string, resolveOperation: (path: string) => string | undefined): OperationFacts[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new InputError(file, (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : `not valid JSON (${(e as Error).message})`);
  }
  const endpoints = (raw as Raw)?.endpoints;
  if (!Array.isArray(endpoints)) throw new InputError(file, 'expected an object with an "endpoints" array');
  return endpoints.map((e: Raw, k) => parseEndpoint(e, `${file}: endpoints[${k}]`, resolveOperation));
}

function need(cond: unknown, where: string, what: string): asserts cond {
  if (!cond) throw new InputError(where.split(":")[0]!, `${where.slice(where.indexOf(":") + 2)}: ${what}`);
}

function parseEndpoint(e: Raw, where: string, resolveOperation: (p: string) => string | undefined): OperationFacts {
  need(typeof e.operationId === "string", where, 'missing "operationId"');
  const id = e.operationId;
  const enums = e.action_enum as Record<string, string[]> | undefined;
  need(enums && typeof enums === "object", where, `${id}: missing "action_enum"`);
  const specKey = Object.keys(enums).find((k) => k.startsWith("spec_"));
  const javaKey = Object.keys(enums).find((k) => k.startsWith("java_"));
  need(specKey && javaKey, where, `${id}: "action_enum" needs a spec_* and a java_* list`);
  need(Array.isArray(e.actions), where, `${id}: missing "actions"`);
  const specEnum = enums[specKey]!;
  const javaEnum = enums[javaKey]!;
  const rules = (e.actions as Raw[]).map((a, k) => parseAction(a, `${where}.actions[${k}]`, specEnum, javaEnum, resolveOperation));
  const knownDifferences: KnownDifference[] = [];
  for (const [key, values] of Object.entries((e.enum_discrepancies as Record<string, string[]>) ?? {})) {
    const kind = DISCREPANCY_KINDS[key];
    need(kind !== undefined, where, `${id}: unknown enum_discrepancies key "${key}"`);
    if (kind) for (const value of values) knownDifferences.push({ kind, value });
  }
  const conditionalHeaders: HeaderRule[] = [];
  for (const text of (e.conditional_headers as string[]) ?? []) {
    const h = parseConditionalHeader(text, resolveOperation);
    if (h.inSpec) conditionalHeaders.push(h.rule);
    else knownDifferences.push({ kind: "header-not-in-spec", value: h.rule.name });
  }
  return {
    operationId: id,
    method: String(e.method),
    path: String(e.path),
    responseModel: String(e.response_model),
    specEnum,
    javaEnum,
    rules,
    conditionalHeaders,
    knownDifferences,
  };
}

function parseAction(a: Raw, where: string, specEnum: string[], javaEnum: string[], resolveOperation: (p: string) => string | undefined): ActionRule {
  need(typeof a.value === "string", where, 'missing "value"');
  const value = a.value;
  need(a.status === null || typeof a.status === "number", where, `${value}: "status" must be a number or null`);
  const bodyText = String(a.body ?? "");
  const body = BODY_KINDS.find(([re]) => re.test(bodyText))?.[1];
  need(body, where, `${value}: unrecognised body description "${bodyText}"`);
  let contentType: string | null = null;
  const headers: HeaderRule[] = [];
  for (const h of (a.headers as string[]) ?? []) {
    const m = /^([A-Za-z-]+):\s*(.+)$/.exec(h);
    if (!m) continue; // "(resource-specific)": nothing to check
    const [, name, rest] = m as unknown as [string, string, string];
    const v = rest.replace(/\s*\(.*\)$/, "").replace(/\{challenge\}/g, "{*}");
    if (name.toLowerCase() === "content-type") contentType = v;
    else headers.push({ name, value: v });
  }
  const listedBy: ActionRule["listedBy"] = [];
  if (specEnum.includes(value)) listedBy.push("spec");
  if (javaEnum.includes(value)) listedBy.push("java");
  return {
    value,
    status: a.status,
    contentType,
    headers,
    body: body,
    next: typeof a.next === "string" ? parseNext(a.next, where, resolveOperation, USER_PAGE.test(bodyText) && a.status !== null) : null,
    ...declineOf(String(a.notes ?? "")),
    expected: a.expected_for_this_endpoint !== false,
    listedBy,
    sources: ((a.sources as string[]) ?? []).slice(),
  };
}

/** A body the server renders for the user (login, consent): whatever follows comes in a later request. */
const USER_PAGE = /^AS-rendered/;

/** "If unsupported: … 400 … unsupported_grant_type": the answer of a server that declines the grant. */
function declineOf(notes: string): { decline?: { status: number; error: string } } {
  const m = /If unsupported:[^]*?\b(4\d\d)\b\D*?\b([a-z]+(?:_[a-z]+)+)\b/.exec(notes);
  return m ? { decline: { status: Number(m[1]), error: m[2]! } } : {};
}

/** "POST /auth/token/issue or /auth/token/fail", "POST /idtoken/reissue (optional)", "later POST /device/complete". */
function parseNext(text: string, where: string, resolveOperation: (p: string) => string | undefined, afterPage = false): FollowUp {
  const external = /\{(\w+)\}/.exec(text.replace(/\(.*?\)/g, ""))?.[1];
  const operations: string[] = [];
  if (!external) {
    let previous = "";
    for (const m of text.replace(/\(.*?\)/g, "").split(";")[0]!.matchAll(/(\/[a-z/_]+)/g)) {
      // "/backchannel/authentication/issue or /fail": a one-segment path is a sibling of the previous one.
      const path = /^\/[a-z_]+$/.test(m[1]!) && previous ? previous.replace(/\/[a-z_]+$/, m[1]!) : m[1]!;
      const op = resolveOperation(path);
      need(op, where, `follow-up "${m[1]}" names no operation of the spec`);
      operations.push(op);
      previous = path;
    }
  }
  return { operations, ...(external ? { external } : {}), carries: [], optional: /\(optional\)/.test(text), later: afterPage || /^later\b/.test(text) };
}

function parseConditionalHeader(text: string, resolveOperation: (p: string) => string | undefined): { rule: HeaderRule; inSpec: boolean } {
  const name = /^([A-Za-z-]+)/.exec(text)![1]!;
  const inSpec = !/NOT in spec/.test(text);
  const field = /\{(\w+)\}/.exec(text)?.[1];
  const carried = /from the preceding (\/[a-z/_]+)|carried over from (\/[a-z/_]+)/.exec(text);
  if (carried) {
    const op = resolveOperation((carried[1] ?? carried[2])!);
    return { rule: { name, value: "{*}", carriedFrom: op ?? (carried[1] ?? carried[2])! }, inSpec };
  }
  return { rule: { name, value: field ? `{${field}}` : "{*}", ...(field ? { when: field } : {}) }, inSpec };
}
