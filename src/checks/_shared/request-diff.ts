/**
 * What an SDK sent against what its caller asked (the call parameters the kit gave the adapter):
 * every place where they differ, named by a request pointer (`/path/clientId`, `/query/limit`,
 * `/body/properties/0/hidden`) and by the behaviour that lost it (`defect`), so one behaviour on
 * many properties is one cause. Shared by sdk.request-fidelity (which reports the differences) and
 * sdk.request-conforms (which leaves the problems they explain to it).
 */
import type { Schema } from "../../contracts/model.ts";
import {
  isJsonObject,
  JsonSyntaxError,
  parseLossless,
  stringifyLossless,
  type JsonValue,
} from "../../json/lossless.ts";
import { deref } from "../../schema/shape.ts";
import type { Finding, RecordedRequest, SdkObservation } from "../observation.ts";

export const DEFECTS = {
  dropped: "a property the caller gave was not sent",
  renamed: "a property sent under another name than the spec's (its key renamed)",
  changed: "a value the caller gave was sent changed",
  rounded: "an int64 the caller gave was sent rounded through a double",
  inventedNull: "null sent for a property the caller left unset",
  inventedDefault: 'a default value (0, false, "", [], {}) sent for a property the caller left unset',
  invented: "a value sent for a property the caller left unset",
  undeclared: "a property the request schema does not declare was sent",
  queryDropped: "a query parameter the caller gave was not sent",
  queryChanged: "a query parameter the caller gave was sent changed",
  queryInvented: "a query parameter the caller did not give was sent",
  pathChanged: "a path parameter the caller gave was sent changed",
} as const;

/** The request of this operation the SDK sent (the first, when it retried). */
export const requestOf = (o: SdkObservation): RecordedRequest | undefined =>
  o.requests.find((r) => r.operationId === o.contract.operationId);

const text = (v: JsonValue | undefined): string => (v === undefined ? "(absent)" : stringifyLossless(v));
const isDefault = (v: JsonValue): boolean =>
  v === 0 ||
  v === 0n ||
  v === false ||
  v === "" ||
  (Array.isArray(v) && !v.length) ||
  (isJsonObject(v) && !Object.keys(v).length);
/** A number's exact decimal value (an integral double as all its digits). */
const exact = (n: number | bigint): string =>
  typeof n === "bigint" || Number.isInteger(n) ? BigInt(n).toString() : String(n);
/** A key without case and separators: `client_id`, `client-id` and `clientId` are one spelling. */
const spelling = (k: string): string => k.replace(/[_-]/g, "").toLowerCase();
const isNumber = (v: JsonValue | undefined): v is number | bigint => typeof v === "number" || typeof v === "bigint";

function finding(defect: string, path: string, asked: JsonValue | undefined, sent: JsonValue | undefined): Finding {
  return {
    defect,
    path,
    message: `Received: ${path} = ${text(sent)}\nDocumented: ${path} ${asked === undefined ? "left out, as the caller left it unset" : `= ${text(asked)}, as the caller gave it`}`,
    expected: text(asked),
    actual: text(sent),
  };
}

/** Differences between an asked JSON value and the sent one, under `schema`. */
function compare(
  asked: JsonValue,
  sent: JsonValue,
  schema: Schema,
  defs: Record<string, Schema>,
  ptr: string,
  out: Finding[],
): void {
  const s = deref(schema, defs).schema;
  if (isJsonObject(asked) && isJsonObject(sent)) {
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    // A key sent in another spelling (client_id for clientId) is one renaming, not a drop and an addition.
    const renamed = new Map<string, string>();
    for (const k of Object.keys(asked)) {
      if (k in sent) continue;
      const other = Object.keys(sent).find((x) => !(x in asked) && !(x in props) && spelling(x) === spelling(k));
      if (other !== undefined) renamed.set(k, other);
    }
    const renamedTo = new Set(renamed.values());
    for (const [k, v] of Object.entries(asked)) {
      const other = renamed.get(k);
      if (other !== undefined)
        out.push({
          defect: DEFECTS.renamed,
          path: `${ptr}/${k}`,
          message: `Received: ${ptr}/${other} = ${text(sent[other])}\nDocumented: ${ptr}/${k} = ${text(v)}, as the caller gave it`,
          expected: `${k}: ${text(v)}`,
          actual: `${other}: ${text(sent[other])}`,
        });
      else if (!(k in sent)) out.push(finding(DEFECTS.dropped, `${ptr}/${k}`, v, undefined));
      else compare(v, sent[k]!, props[k] ?? {}, defs, `${ptr}/${k}`, out);
    }
    for (const [k, v] of Object.entries(sent)) {
      if (k in asked || renamedTo.has(k)) continue;
      const defect = !(k in props)
        ? DEFECTS.undeclared
        : v === null
          ? DEFECTS.inventedNull
          : isDefault(v)
            ? DEFECTS.inventedDefault
            : DEFECTS.invented;
      out.push(finding(defect, `${ptr}/${k}`, undefined, v));
    }
    return;
  }
  if (Array.isArray(asked) && Array.isArray(sent) && asked.length === sent.length) {
    const items = (s.items as Schema | undefined) ?? {};
    asked.forEach((v, i) => compare(v, sent[i]!, items, defs, `${ptr}/${i}`, out));
    return;
  }
  if (isNumber(asked) && isNumber(sent)) {
    if (exact(asked) === exact(sent)) return;
    const rounded = typeof asked === "bigint" && Number(sent) === Number(asked);
    out.push(finding(rounded ? DEFECTS.rounded : DEFECTS.changed, ptr, asked, sent));
    return;
  }
  if (asked !== sent) out.push(finding(DEFECTS.changed, ptr, asked, sent));
}

/** A form body's top-level values against the asked ones (every form value is text). */
function compareForm(asked: { [k: string]: JsonValue }, body: string, schema: Schema, out: Finding[]): void {
  const form = new URLSearchParams(body);
  const props = (schema.properties as Record<string, Schema> | undefined) ?? {};
  for (const [k, v] of Object.entries(asked)) {
    const got = form.get(k);
    if (got === null) out.push(finding(DEFECTS.dropped, `/body/${k}`, v, undefined));
    else if (typeof v !== "object" && got !== String(v)) out.push(finding(DEFECTS.changed, `/body/${k}`, v, got));
  }
  for (const [k, v] of form)
    if (!(k in asked))
      out.push(
        finding(
          !(k in props) ? DEFECTS.undeclared : v === "" ? DEFECTS.inventedDefault : DEFECTS.invented,
          `/body/${k}`,
          undefined,
          v,
        ),
      );
}

/**
 * Every difference between what the SDK sent for this operation and what its caller asked, or
 * undefined when there is nothing to compare: no call parameters known, no request of this
 * operation, or a body absent or unreadable (sdk.request-conforms owns those).
 */
export function requestDifferences(o: SdkObservation): Finding[] | undefined {
  // Both request checks ask for the same observation: compared once.
  if (!memo.has(o)) memo.set(o, differences(o));
  return memo.get(o);
}
const memo = new WeakMap<SdkObservation, Finding[] | undefined>();

function differences(o: SdkObservation): Finding[] | undefined {
  const asked = o.asked;
  const r = requestOf(o);
  if (!asked || !r) return undefined;
  const out: Finding[] = [];
  // Path parameters, segment by segment; the serviceId is sdk.request-conforms's.
  const template = o.contract.path.split("/");
  const segments = r.path.split("/");
  template.forEach((t, i) => {
    const name = /^\{(\w+)\}$/.exec(t)?.[1];
    if (!name || name === "serviceId" || asked.pathParams[name] === undefined) return;
    let got: string | undefined = segments[i];
    try {
      got = got === undefined ? undefined : decodeURIComponent(got);
    } catch {
      // a malformed escape is sent as it is
    }
    if (got !== asked.pathParams[name])
      out.push(finding(DEFECTS.pathChanged, `/path/${name}`, asked.pathParams[name], got));
  });
  for (const [k, v] of Object.entries(asked.query)) {
    if (r.query[k] === undefined) out.push(finding(DEFECTS.queryDropped, `/query/${k}`, v, undefined));
    else if (r.query[k] !== v) out.push(finding(DEFECTS.queryChanged, `/query/${k}`, v, r.query[k]));
  }
  for (const [k, v] of Object.entries(r.query))
    if (!(k in asked.query)) out.push(finding(DEFECTS.queryInvented, `/query/${k}`, undefined, v));
  const req = o.contract.request;
  if (asked.body === undefined || !req || !r.body.length) return out;
  const type = (r.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "application/x-www-form-urlencoded") {
    if (isJsonObject(asked.body)) compareForm(asked.body, r.body, req.schema, out);
    return out;
  }
  let sent: JsonValue;
  try {
    sent = parseLossless(r.body);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return out;
    throw e;
  }
  const defs = (req.schema.$defs as Record<string, Schema> | undefined) ?? {};
  compare(asked.body as JsonValue, sent, req.schema, defs, "/body", out);
  return out;
}

/** A mock problem about the body's content against its schema (not its presence, media type or syntax). */
const BODY_CONTENT = /^(request body (at \S+ )?(?!is not JSON|is required)|form body lacks required parameter)/;
const PARAMETER = /^(query|path) parameter "([^"]+)"/;

/**
 * Whether a problem the mock found with a request is a consequence of a difference sdk.request-fidelity
 * reports: the kit asked a valid request, so a body that breaks the schema because the SDK
 * changed it, or a parameter the SDK dropped or changed, is one defect with one owner.
 */
export function explainedByDifference(problem: string, differences: readonly Finding[]): boolean {
  if (BODY_CONTENT.test(problem)) return differences.some((d) => d.path?.startsWith("/body"));
  const m = PARAMETER.exec(problem);
  return !!m && differences.some((d) => d.path === `/${m[1]}/${m[2]}`);
}
