import type { ServerFault } from "../checks/observation.ts";
import { CONTRACT_FORMAT, type ActionRule, type Contract } from "../contracts/model.ts";
import type { Case, PlannedCase } from "../generate/case.ts";
import { coverageCasesAt, randomCases } from "../generate/cases.ts";
import { operationSeed } from "../generate/id.ts";
import { parseLossless, stringifyLossless, type JsonValue } from "../json/lossless.ts";
import type { Answer } from "../mock/server.ts";
import type { Endpoint } from "../targets/endpoints.ts";
import { PUBLIC_PROBES } from "../targets/endpoints.ts";
import { plannedFromId } from "./plan.ts";

/**
 * One server case: the Authlete answer of the route's first call (a body or an upstream fault),
 * which route drives it, and which action the follow-up APIs answer with. Its id rebuilds it
 * exactly: `<case id>[@<route>][+<follow-up action index>|+unknown]`, or `public~probe~<name>`.
 */
export interface ServerCase {
  id: string;
  planned: PlannedCase;
  rule?: ActionRule;
  /** Index among the operation's routes (0 for the first). */
  route: number;
  /** What follow-up APIs answer: their k-th action (modulo their count), an unknown one, or (absent) their first success. */
  then?: number | "unknown";
  /** A public route probe (`root`, `openid-configuration`, ...). */
  probe?: string;
}

/** Operation id the public-route probes are reported under. */
export const PROBE_OPERATION = "public_routes";

const JSON_ERROR = (code: string, status: number) =>
  JSON.stringify({ resultCode: code, resultMessage: `[${code}] injected ${status} from the mock Authlete API` });

/** What Authlete (or a proxy in front of it) answers instead of a response: every driven route gets each. */
export const SERVER_FAULTS: ReadonlyArray<{
  kind: ServerFault;
  answer: Answer;
  body: string;
  status: number;
  contentType: string | null;
}> = [
  ...(
    [
      [400, "A001201"],
      [401, "A001202"],
      [403, "A001215"],
      [404, "A001203"],
      [500, "A001101"],
    ] as const
  ).map(([status, code]) => ({
    kind: `status-${status}` as ServerFault,
    answer: { status, body: JSON_ERROR(code, status), contentType: "application/json" },
    body: JSON_ERROR(code, status),
    status,
    contentType: "application/json",
  })),
  // A proxy's own error page, and broken 2xx bodies that claim to be JSON.
  ...(
    [
      [
        "status-502-html",
        502,
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        "text/html",
      ],
      ["non-json", 200, "<html><body>upstream proxy error</body></html>", "application/json"],
      ["empty", 200, "", "application/json"],
      ["null-body", 200, "null", "application/json"],
      ["array-body", 200, "[]", "application/json"],
    ] as const
  ).map(([kind, status, body, contentType]) => ({
    kind: kind,
    answer: { status, body, contentType },
    body,
    status,
    contentType,
  })),
  { kind: "reset", answer: { fault: { kind: "reset" } }, body: "", status: 0, contentType: null },
  { kind: "timeout", answer: { fault: { kind: "hang" } }, body: "", status: 0, contentType: null },
];

function faultCase(c: Contract, kind: ServerFault): PlannedCase | undefined {
  const f = SERVER_FAULTS.find((x) => x.kind === kind);
  if (!f) return undefined;
  return {
    case: {
      id: `${c.operationId}~fault~${kind}`,
      operationId: c.operationId,
      variant: "conforming",
      body: f.body,
      seed: 0,
      index: 0,
      goals: [],
    },
    status: f.status,
    contentType: f.contentType,
    fault: kind,
  };
}

/** Bodies of one action, smallest first: the required properties, then everything present, then random ones. */
function bodiesFor(c: Contract, action: string, seed: number, count: number): Case[] {
  const first = coverageCasesAt(c, action, count > 1 ? [0, -1] : [0]);
  return [...first, ...randomCases(c, { seed, count: Math.max(0, count - first.length), action })];
}

const followUps = new WeakMap<Contract, Map<string, { body: string; rule?: ActionRule }>>();

/** The body a follow-up API answers with: the smallest one for its k-th action, or an unknown action. */
export function followUpBody(nc: Contract, then: number | "unknown" | undefined): { body: string; rule?: ActionRule } {
  // Generated once per contract and choice: a run asks for the same few bodies on every case.
  const memo = followUps.get(nc) ?? followUps.set(nc, new Map()).get(nc)!;
  const key = String(then);
  return memo.get(key) ?? memo.set(key, makeFollowUpBody(nc, then)).get(key)!;
}

function makeFollowUpBody(nc: Contract, then: number | "unknown" | undefined): { body: string; rule?: ActionRule } {
  if (then === "unknown") return { body: randomCases(nc, { seed: 1, count: 1, variant: "unknown-action" })[0]!.body };
  const rule = then === undefined ? terminalRule(nc) : nc.actions[then % nc.actions.length];
  if (!rule) return { body: "{}" };
  return { body: coverageCasesAt(nc, rule.value, [0])[0]!.body, rule };
}

/** The rule a follow-up ends on by default: the first with a direct success answer. */
function terminalRule(c: Contract): ActionRule | undefined {
  return (
    c.actions.find((a) => a.status !== null && a.status < 400 && a.body === "responseContent") ??
    c.actions.find((a) => a.status !== null)
  );
}

/** Response fields the server must copy into HTTP headers (from the rules' header templates). */
function headerBoundFields(c: Contract, rule?: ActionRule): string[] {
  const fields = new Set(c.conditionalHeaders.map((h) => h.when).filter((w): w is string => !!w));
  for (const h of rule?.headers ?? [])
    for (const m of h.value.matchAll(/\{(\w+)\}/g)) if (m[1] !== "*") fields.add(m[1]!);
  return [...fields];
}

/**
 * HTTP header values are visible ASCII without spaces at the ends: a header-bound string field gets
 * other characters replaced (deterministically, so the case still replays). Authlete never sends such values.
 */
export function headerSafe(c: Contract, k: Case, rule?: ActionRule): Case {
  const fields = headerBoundFields(c, rule);
  if (!fields.length || !k.body.startsWith("{")) return k;
  const v = parseLossless(k.body) as Record<string, JsonValue>;
  let changed = false;
  for (const f of fields) {
    const x = v[f];
    if (typeof x === "string" && /[^\x20-\x7e]|^ | $/.test(x)) {
      v[f] = x.replace(/[^\x20-\x7e]/g, "_").replace(/^ +| +$/g, "_");
      changed = true;
    }
  }
  return changed ? { ...k, body: stringifyLossless(v) } : k;
}

/** Whether a rule's follow-up is driven in this case: called in the same request, or after a completed page. */
export function drivesFollowUp(rule: ActionRule | undefined, e: Endpoint): boolean {
  const n = rule?.next;
  return !!n && !n.optional && n.operations.length > 0 && (!n.later || !!e.completion);
}

const idOf = (caseId: string, route: number, then?: number | "unknown") =>
  `${caseId}${route ? `@${route}` : ""}${then !== undefined ? `+${then}` : ""}`;

/**
 * Cases of one route: every action `runs` times (at least once, smallest body first), each
 * follow-up action once, unknown actions, and every upstream fault but the timeout (which runs in
 * one batch for all routes, see {@link timeoutCases}).
 */
export function planRoute(
  c: Contract,
  e: Endpoint,
  route: number,
  opts: { seed: number; runs: number; variantRuns: number; runsPerAction?: number },
  byId: Map<string, Contract>,
): ServerCase[] {
  const seed = operationSeed(opts.seed, c.operationId);
  const per = opts.runsPerAction ?? Math.max(1, Math.ceil(opts.runs / Math.max(1, c.actions.length)));
  const ok = (k: Case): PlannedCase => ({ case: k, status: c.response.status, contentType: c.response.contentType });
  const out: ServerCase[] = [];
  const add = (planned: PlannedCase, rule?: ActionRule, then?: number | "unknown") =>
    out.push({
      id: idOf(planned.case.id, route, then),
      planned,
      ...(rule ? { rule } : {}),
      route,
      ...(then !== undefined ? { then } : {}),
    });
  for (const rule of c.actions) {
    const bodies = bodiesFor(c, rule.value, seed, per);
    for (const k of bodies) add(ok(headerSafe(c, k, rule)), rule);
    if (!drivesFollowUp(rule, e)) continue;
    // Each action of the follow-up APIs (the longest list decides), then one none of them knows.
    const n = Math.max(...rule.next!.operations.map((id) => byId.get(id)?.actions.length ?? 0));
    for (const then of [...Array.from({ length: n }, (_, k) => k), "unknown" as const])
      add(ok(headerSafe(c, bodies[0]!, rule)), rule, then);
  }
  for (const k of randomCases(c, { seed, count: Math.max(1, opts.variantRuns), variant: "unknown-action" }))
    add(ok(headerSafe(c, k)));
  for (const f of SERVER_FAULTS) if (f.kind !== "timeout") add(faultCase(c, f.kind)!);
  return out;
}

/** The upstream timeout of one route: Authlete never answers. */
export function timeoutCase(c: Contract, route: number): ServerCase {
  const planned = faultCase(c, "timeout")!;
  return { id: idOf(planned.case.id, route), planned, route };
}

/** The public-route probes, as cases of their own. */
export function probeCases(): ServerCase[] {
  return PUBLIC_PROBES.map((p) => ({
    id: `${PROBE_OPERATION}~probe~${p.name}`,
    planned: {
      case: {
        id: `${PROBE_OPERATION}~probe~${p.name}`,
        operationId: PROBE_OPERATION,
        variant: "conforming",
        body: "",
        seed: 0,
        index: 0,
        goals: [],
      },
      status: 0,
      contentType: null,
    },
    route: 0,
    probe: p.name,
  }));
}

/** A stand-in contract for the probes: no actions, no request, so only the general checks judge them. */
export function probeContract(profile: string): Contract {
  return {
    format: CONTRACT_FORMAT,
    profile,
    operationId: PROBE_OPERATION,
    method: "GET",
    path: "/",
    bearer: false,
    parameters: [],
    request: null,
    response: { status: 200, alsoStatuses: [], contentType: null, schema: null },
    errorStatuses: [],
    errorContentType: null,
    errorSchema: null,
    responseModel: null,
    actions: [],
    conditionalHeaders: [],
    knownDifferences: [],
  };
}

/** Rebuilds a server case from its id (for replay); a string says what is wrong with the id. */
export function serverCaseFromId(
  id: string,
  byId: Map<string, Contract>,
): { contract: Contract; sc: ServerCase } | string {
  const probe = /^public_routes~probe~([\w-]+)$/.exec(id);
  if (probe) {
    const sc = probeCases().find((p) => p.probe === probe[1]);
    return sc
      ? { contract: probeContract([...byId.values()][0]?.profile ?? ""), sc }
      : `"${id}": no public-route probe "${probe[1]}" (${PUBLIC_PROBES.map((p) => p.name).join(", ")})`;
  }
  const m = /^(.*?)(?:@(\d+))?(?:\+(\d+|unknown))?$/.exec(id)!;
  const [, caseId, routeText, thenText] = m;
  const operationId = caseId!.split("~")[0]!;
  const c = byId.get(operationId);
  if (!c) return `"${id}" names no operation of the profile`;
  const route = routeText ? Number(routeText) : 0;
  const then = thenText === undefined ? undefined : thenText === "unknown" ? ("unknown" as const) : Number(thenText);
  const fault = /~fault~(.+)$/.exec(caseId!)?.[1];
  if (fault) {
    const planned = faultCase(c, fault as ServerFault);
    return planned
      ? { contract: c, sc: { id, planned, route } }
      : `"${id}": no server fault "${fault}" (${SERVER_FAULTS.map((f) => f.kind).join(", ")})`;
  }
  const planned = plannedFromId(c, caseId!);
  if (typeof planned === "string") return planned;
  const rule =
    planned.case.variant === "conforming" ? c.actions.find((a) => a.value === planned.case.action) : undefined;
  const k = headerSafe(c, planned.case, rule);
  return {
    contract: c,
    sc: {
      id,
      planned: { ...planned, case: k },
      ...(rule ? { rule } : {}),
      route,
      ...(then !== undefined ? { then } : {}),
    },
  };
}
