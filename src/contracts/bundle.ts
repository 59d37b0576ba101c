import { InputError } from "../errors.ts";
import type { LintWarning, Schema } from "./model.ts";

/** Keywords that carry prose or examples; never copied into contracts. */
const PROSE = new Set(["description", "x-mint", "example", "examples", "title", "externalDocs", "summary", "deprecated"]);

/** Structural keywords the contracts keep. Anything else fails the build, naming the keyword. */
const STRUCTURAL = new Set([
  "type", "format", "properties", "items", "enum", "nullable", "required", "additionalProperties",
  "allOf", "oneOf", "anyOf", "$ref", "readOnly", "writeOnly", "minLength", "maxLength", "minItems",
  "maxItems", "minimum", "maximum", "pattern", "uniqueItems",
]);

const COMPONENT_REF = "#/components/schemas/";
export const DEF_REF = "#/$defs/";

const isObject = (x: unknown): x is Schema => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Turns OpenAPI schemas into self-contained contract schemas: prose removed, `$ref`s rewritten
 * into a local `$defs`, and the spec's quirks resolved the way Authlete's servers behave, each
 * resolution recorded as a lint warning. Component schemas are cleaned once and shared.
 */
export class SchemaBundler {
  private readonly cleaned = new Map<string, { schema: Schema; refs: Set<string> }>();
  readonly warnings: LintWarning[] = [];

  constructor(
    private readonly components: Record<string, unknown>,
    private readonly file: string,
  ) {}

  /** A self-contained copy of `root` with every referenced component under `$defs`. */
  bundle(root: unknown, where: string): Schema {
    const refs = new Set<string>();
    let top: Schema;
    if (isObject(root) && typeof root.$ref === "string" && Object.keys(root).every((k) => k === "$ref" || PROSE.has(k))) {
      // Inline a plain top-level reference so the contract shows the model itself.
      const name = this.refName(root.$ref, where);
      const comp = this.component(name);
      top = structuredClone(comp.schema);
      comp.refs.forEach((r) => refs.add(r));
    } else {
      top = this.clean(root, where, refs);
    }
    const defs: Record<string, Schema> = {};
    const queue = [...refs];
    while (queue.length) {
      const name = queue.shift()!;
      if (defs[name]) continue;
      const comp = this.component(name);
      defs[name] = structuredClone(comp.schema);
      for (const r of comp.refs) if (!defs[r]) queue.push(r);
    }
    const sorted = Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
    return Object.keys(sorted).length ? { ...top, $defs: sorted } : top;
  }

  /** The cleaned schema of a named component (no `$defs`; refs point at `#/$defs/...`). */
  component(name: string): { schema: Schema; refs: Set<string> } {
    let hit = this.cleaned.get(name);
    if (!hit) {
      if (!isObject(this.components[name])) throw new InputError(this.file, `$ref to unknown schema "${name}"`);
      const refs = new Set<string>();
      // Reserve the slot first so recursive models terminate.
      hit = { schema: {}, refs };
      this.cleaned.set(name, hit);
      hit.schema = this.clean(this.components[name], `#/components/schemas/${name}`, refs);
    }
    return hit;
  }

  private refName(ref: string, where: string): string {
    if (!ref.startsWith(COMPONENT_REF)) throw new InputError(this.file, `${where}: unsupported $ref "${ref}" (only ${COMPONENT_REF}* is resolved)`);
    return ref.slice(COMPONENT_REF.length);
  }

  private warn(code: LintWarning["code"], where: string, resolution: string): void {
    this.warnings.push({ code, where, resolution });
  }

  private clean(node: unknown, where: string, refs: Set<string>): Schema {
    if (!isObject(node)) throw new InputError(this.file, `${where}: a schema must be an object`);
    const out: Schema = {};
    for (const [key, value] of Object.entries(node)) {
      if (PROSE.has(key)) continue;
      if (!STRUCTURAL.has(key)) throw new InputError(this.file, `${where}: unsupported schema keyword "${key}"`);
      switch (key) {
        case "$ref": {
          const name = this.refName(value as string, where);
          refs.add(name);
          this.component(name);
          out.$ref = DEF_REF + name;
          break;
        }
        case "properties":
          out.properties = Object.fromEntries(
            Object.entries(value as Schema).map(([p, s]) => [p, this.clean(s, `${where}/properties/${p}`, refs)]),
          );
          break;
        case "items":
          out.items = this.clean(value, `${where}/items`, refs);
          break;
        case "additionalProperties":
          out.additionalProperties = typeof value === "boolean" ? value : this.clean(value, `${where}/additionalProperties`, refs);
          break;
        case "allOf":
        case "oneOf":
        case "anyOf":
          out[key] = (value as unknown[]).map((s, k) => this.clean(s, `${where}/${key}/${k}`, refs));
          break;
        default:
          out[key] = structuredClone(value);
      }
    }
    return this.resolveQuirks(out, where, refs);
  }

  private resolveQuirks(s: Schema, where: string, refs: Set<string>): Schema {
    if (typeof s.$ref === "string" && Object.keys(s).length > 1) {
      const target = this.component((s.$ref).slice(DEF_REF.length)).schema;
      const siblings = Object.keys(s).filter((k) => k !== "$ref");
      for (const k of siblings) {
        if (k === "nullable") continue;
        if (k === "type" && target.type === s.type) delete s[k];
        else throw new InputError(this.file, `${where}: $ref with sibling "${k}" cannot be resolved`);
      }
      this.warn("ref-with-siblings", where, siblings.includes("nullable")
        ? "kept `nullable: true` beside the $ref: the value is the referenced schema or null"
        : "dropped the sibling `type`, which repeats the referenced schema's type");
    }
    if (s.nullable === true && Array.isArray(s.enum) && !s.enum.includes(null)) {
      this.warn("nullable-enum-without-null", where, "null is accepted: `nullable: true` wins over the enum list");
    }
    if (Array.isArray(s.allOf)) return this.mergeAllOf(s, where, refs);
    if (Array.isArray(s.required) && isObject(s.properties)) {
      const props = s.properties;
      const missing = (s.required as string[]).filter((r) => !(r in props));
      if (missing.length) {
        s.required = (s.required as string[]).filter((r) => r in props);
        if (!(s.required as string[]).length) delete s.required;
        this.warn("required-not-in-properties", where, `dropped required ${missing.map((m) => `"${m}"`).join(", ")}: no such property, and Authlete accepts requests without it`);
      }
    }
    return s;
  }

  /** allOf of objects (a model plus extra `required`) becomes one object schema. */
  private mergeAllOf(s: Schema, where: string, refs: Set<string>): Schema {
    const parts = (s.allOf as Schema[]).map((p) => {
      if (typeof p.$ref !== "string") return p;
      const comp = this.component((p.$ref).slice(DEF_REF.length));
      comp.refs.forEach((r) => refs.add(r));
      return comp.schema;
    });
    if (!parts.every((p) => p.type === "object" || (p.type === undefined && (p.properties || p.required)))) return s;
    const properties: Schema = {};
    const required: string[] = [];
    for (const p of parts) {
      Object.assign(properties, structuredClone(p.properties ?? {}));
      for (const r of (p.required as string[] | undefined) ?? []) if (!required.includes(r)) required.push(r);
      if (p.additionalProperties !== undefined || p.nullable !== undefined) return s;
    }
    const loose = parts.filter((p) => p.required && !p.properties).length;
    if (loose) this.warn("required-not-in-properties", where, "allOf part lists `required` names defined only in the referenced model; merged into one object schema");
    const merged: Schema = { type: "object", properties };
    const known = required.filter((r) => r in properties);
    if (known.length) merged.required = known;
    return merged;
  }
}
