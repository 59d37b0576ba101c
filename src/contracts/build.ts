import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { KIT_ROOT } from "./paths.ts";
import { SchemaBundler, DEF_REF } from "./bundle.ts";
import { loadFacts, type OperationFacts } from "./facts.ts";
import { CONTRACT_FORMAT, type Contract, type LintWarning, type Parameter, type RequestContract, type ResponseContract, type Schema } from "./model.ts";
import { loadSpec, operationByApiPath, type Spec, type SpecOperation } from "./spec.ts";

export interface BuildResult {
  profile: string;
  specVersion: string;
  contracts: Contract[];
  lint: LintWarning[];
  /** Disagreements between spec and facts that the facts file does not record. */
  drift: Drift[];
}

/** One disagreement, naming the operation, the value and the sources involved. */
export interface Drift {
  operationId: string;
  source: "spec" | "facts" | "contracts";
  message: string;
}

/** Operations deliberately outside the facts file's scope (contracts/scope.json). */
function loadScope(): Record<string, string> {
  const file = join(KIT_ROOT, "contracts", "scope.json");
  return existsSync(file) ? ((JSON.parse(readFileSync(file, "utf8")) as { withoutRules?: Record<string, string> }).withoutRules ?? {}) : {};
}

/** Compiles one contract per spec operation from the OpenAPI spec and the action facts. */
export function buildContracts(specFile: string, factsFile: string, profile: string): BuildResult {
  const spec = loadSpec(specFile);
  const facts = loadFacts(factsFile, operationByApiPath(spec));
  const byId = new Map(facts.map((f) => [f.operationId, f]));
  for (const f of facts) {
    if (!spec.operations.some((o) => o.operationId === f.operationId)) throw new InputError(factsFile, `operation "${f.operationId}" is not in the spec`);
  }
  const bundler = new SchemaBundler(spec.components, specFile);
  const lint: LintWarning[] = [];
  const drift: Drift[] = [];
  const outOfScope = loadScope();
  const contracts = spec.operations.map((o) => {
    if (o.derivedId) lint.push({ code: "missing-operation-id", where: `${o.method} ${o.path}`, resolution: `named "${o.operationId}" from its method and path` });
    return buildOne(spec, o, byId.get(o.operationId), bundler, profile, lint, drift, o.operationId in outOfScope);
  });
  for (const c of contracts) fillCarries(c, contracts);
  return { profile, specVersion: spec.version, contracts, lint: dedupe([...bundler.warnings, ...lint]), drift };
}

function buildOne(spec: Spec, o: SpecOperation, f: OperationFacts | undefined, bundler: SchemaBundler, profile: string, lint: LintWarning[], drift: Drift[], outOfScope: boolean): Contract {
  const where = `${o.method} ${o.path}`;
  const op = o.op as Record<string, any>;
  const parameters: Parameter[] = ((op.parameters as any[]) ?? []).map((p, k) => {
    if (!p || typeof p.name !== "string" || !["path", "query", "header"].includes(p.in)) throw new InputError(spec.file, `${where}: parameters[${k}] is not a path, query or header parameter`);
    return { name: p.name, in: p.in, required: p.required === true, schema: bundler.bundle(p.schema ?? {}, `${where} parameter ${p.name}`) };
  });
  const response = responseOf(spec, o, bundler);
  if (response.status === 204 && response.contentType) {
    // HTTP 204 carries no body, yet the spec documents one: Authlete answers 200 with that body.
    lint.push({ code: "no-content-with-body", where: `${o.operationId} response 204`, resolution: `204 declares a ${response.contentType} body; served as 200 with that body` });
    response.alsoStatuses = [204, ...response.alsoStatuses];
    response.status = 200;
  }
  const actionSchema = response.schema ? actionProperty(response.schema) : undefined;
  const specEnum = (actionSchema?.enum as string[] | undefined) ?? [];
  if (!f && specEnum.length && !outOfScope) drift.push({ operationId: o.operationId, source: "spec", message: `the response has an action enum (${specEnum.length} values) but the facts file has no entry for this operation` });
  if (f) {
    if (f.method !== o.method || f.path !== o.path) throw new InputError(spec.file, `${o.operationId}: facts say ${f.method} ${f.path}, spec says ${where}`);
    drift.push(...crossCheck(o.operationId, specEnum, f));
    // The contract's action enum is widened with the values other sources document.
    const extras = f.rules.map((r) => r.value).filter((v) => !specEnum.includes(v));
    if (extras.length && response.schema) {
      widenActionEnum(response.schema, extras);
      for (const v of extras) lint.push({ code: "action-value-not-in-spec", where: `${o.operationId} action ${v}`, resolution: "documented by authlete-java-common; accepted as a valid action" });
    }
  }
  const errorStatuses = Object.keys(op.responses ?? {}).filter((c) => /^[45]\d\d$/.test(c)).map(Number);
  // The operation's own error answer (a shared one by $ref, or inline: the health check's is text).
  const errorAnswer = errorStatuses.length ? resolveResponse(spec, op.responses[String(errorStatuses[0])]) : undefined;
  const errorContentType = errorAnswer?.content ? (Object.keys(errorAnswer.content)[0] ?? null) : null;
  const errorRef = errorContentType ? errorAnswer.content[errorContentType]?.schema : undefined;
  return {
    format: CONTRACT_FORMAT,
    profile,
    operationId: o.operationId,
    method: o.method,
    path: o.path,
    bearer: !(Array.isArray(op.security) && op.security.length === 0),
    parameters,
    request: requestOf(spec, o, bundler),
    response,
    errorStatuses,
    errorContentType,
    errorSchema: errorRef ? bundler.bundle(errorRef, `${where} error response`) : null,
    responseModel: typeof (op.responses?.[String(response.status)]?.content?.["application/json"]?.schema?.$ref) === "string"
      ? String(op.responses[String(response.status)].content["application/json"].schema.$ref).split("/").pop()!
      : null,
    actions: f ? f.rules : [],
    conditionalHeaders: f ? f.conditionalHeaders : [],
    knownDifferences: f ? f.knownDifferences : outOfScope && specEnum.length ? specEnum.map((value) => ({ kind: "outside-facts-scope" as const, value })) : [],
  };
}

function requestOf(spec: Spec, o: SpecOperation, bundler: SchemaBundler): RequestContract | null {
  const rb = (o.op as any).requestBody;
  if (!rb) return null;
  const content = rb.content ?? {};
  const types = Object.keys(content);
  if (!types.length) return null;
  const schemas = types.map((t) => JSON.stringify(content[t]?.schema ?? {}));
  if (schemas.some((s) => s !== schemas[0])) throw new InputError(spec.file, `${o.method} ${o.path}: request media types have different schemas`);
  return { required: rb.required === true, contentTypes: types, schema: bundler.bundle(content[types[0]!].schema ?? {}, `${o.method} ${o.path} request`) };
}

function responseOf(spec: Spec, o: SpecOperation, bundler: SchemaBundler): ResponseContract {
  const codes = Object.keys((o.op as any).responses ?? {}).filter((c) => /^2\d\d$/.test(c));
  if (!codes.length) throw new InputError(spec.file, `${o.method} ${o.path}: no 2xx response`);
  const first = (o.op as any).responses[codes[0]!];
  const types = Object.keys(first?.content ?? {});
  const ct = types[0] ?? null;
  return {
    status: Number(codes[0]),
    alsoStatuses: codes.slice(1).map(Number),
    contentType: ct,
    schema: ct ? bundler.bundle(first.content[ct].schema ?? {}, `${o.method} ${o.path} response ${codes[0]}`) : null,
  };
}

/** Spec enum vs facts rules: every value needs a rule and every rule a value, unless recorded. */
function crossCheck(id: string, specEnum: string[], f: OperationFacts): Drift[] {
  const out: Drift[] = [];
  const ruled = new Set(f.rules.map((r) => r.value));
  const known = new Set(f.knownDifferences.filter((k) => k.kind === "value-not-in-spec").map((k) => k.value));
  for (const v of specEnum) if (!ruled.has(v)) out.push({ operationId: id, source: "spec", message: `action ${v} is in the spec's enum but has no rule in the facts file` });
  for (const v of ruled) {
    if (!specEnum.includes(v) && !known.has(v)) out.push({ operationId: id, source: "facts", message: `action ${v} has a rule in the facts file but is not in the spec's enum, and enum_discrepancies does not record it` });
  }
  const recorded = [...f.specEnum].sort().join(",");
  if (recorded !== [...specEnum].sort().join(",")) {
    out.push({ operationId: id, source: "facts", message: `the facts file records the spec's enum as [${f.specEnum.join(", ")}] but the spec has [${specEnum.join(", ")}]` });
  }
  return out;
}

/** The schema of the top-level `action` property, following one `$ref`. */
export function actionProperty(schema: Schema): Schema | undefined {
  const prop = (schema.properties as Record<string, Schema> | undefined)?.action;
  if (!prop) return undefined;
  if (typeof prop.$ref === "string") return (schema.$defs as Record<string, Schema>)?.[(prop.$ref).slice(DEF_REF.length)];
  return prop;
}

function widenActionEnum(schema: Schema, extras: string[]): void {
  const props = schema.properties as Record<string, Schema>;
  const current = actionProperty(schema)!;
  props.action = { ...structuredClone(current), enum: [...(current.enum as string[]), ...extras] };
}

/** Request fields the server decides itself (who the user is, which grant), never copied over. */
const SERVER_DECIDES = new Set(["subject", "grantType"]);

/** A follow-up carries the fields the next call requires and this response has (e.g. `ticket`). */
function fillCarries(c: Contract, all: Contract[]): void {
  const props = Object.keys((c.response.schema?.properties as Schema | undefined) ?? {});
  for (const rule of c.actions) {
    if (!rule.next) continue;
    const carries = new Set<string>();
    for (const id of rule.next.operations) {
      const req = all.find((x) => x.operationId === id)?.request?.schema;
      for (const r of (req?.required as string[] | undefined) ?? []) if (props.includes(r) && !SERVER_DECIDES.has(r)) carries.add(r);
    }
    rule.next.carries = [...carries].sort();
  }
}

function dedupe(ws: LintWarning[]): LintWarning[] {
  const seen = new Set<string>();
  return ws.filter((w) => {
    const k = `${w.code}|${w.where}`;
    return seen.has(k) ? false : (seen.add(k), true);
  });
}

/** A response object, following one `$ref` into components.responses. */
function resolveResponse(spec: { doc: unknown }, r: any): any {
  if (typeof r?.$ref !== "string") return r;
  return (spec.doc as any).components?.responses?.[r.$ref.split("/").pop()];
}
