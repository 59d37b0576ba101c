import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Schema } from "../contracts/model.ts";
import { JsonSyntaxError, parseLossless, type JsonValue } from "../json/lossless.ts";
import { INT_BOUNDS, toJsonSchema } from "./openapi.ts";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  a: Ajv,
) => Ajv;

/** One reason a value does not conform, located by JSON Pointer. */
export interface SchemaIssue {
  path: string;
  message: string;
}

function makeAjv(allErrors: boolean): Ajv {
  const ajv = new Ajv({ strict: true, allErrors, validateFormats: true, verbose: true });
  addFormats(ajv);
  ajv.addKeyword({
    keyword: "losslessInteger",
    schemaType: "string",
    errors: false,
    validate: (format: string, data: unknown) => {
      if (typeof data === "number") {
        if (!Number.isInteger(data)) return false;
        if (format === "any") return true;
        // Lossless parsing only leaves safe integers as numbers.
        if (!Number.isSafeInteger(data)) return false;
        data = BigInt(data);
      }
      if (typeof data !== "bigint") return false;
      if (format === "any") return true;
      const b = INT_BOUNDS[format as keyof typeof INT_BOUNDS];
      return data >= b.min && data <= b.max;
    },
  });
  return ajv;
}

/** The first issue is enough where validation is on a hot path (the mock, generation); every issue where a person reads them (pact check). */
const engines = {
  first: { ajv: makeAjv(false), compiled: new WeakMap<Schema, ValidateFunction>() },
  all: undefined as { ajv: Ajv; compiled: WeakMap<Schema, ValidateFunction> } | undefined,
};

/** Compiles (once per schema object) a validator for lossless JSON values; `all` lists every issue, not the first. */
export function validatorFor(schema: Schema, opts: { all?: boolean } = {}): (value: JsonValue) => SchemaIssue[] {
  const engine = opts.all ? (engines.all ??= { ajv: makeAjv(true), compiled: new WeakMap() }) : engines.first;
  let fn = engine.compiled.get(schema);
  if (!fn) {
    fn = engine.ajv.compile(toJsonSchema(schema));
    engine.compiled.set(schema, fn);
  }
  const v = fn;
  return (value) => {
    if (v(value)) return [];
    return (v.errors ?? []).map((e) => ({
      path: e.instancePath || "",
      message:
        e.keyword === "losslessInteger"
          ? `must be an integer${e.schema === "any" ? "" : ` within ${String(e.schema)}`}`
          : (e.message ?? e.keyword),
    }));
  };
}

/** Parses JSON text losslessly and validates it; a syntax error is reported as an issue at "". */
export function validateText(schema: Schema, text: string, opts: { all?: boolean } = {}): SchemaIssue[] {
  let value: JsonValue;
  try {
    value = parseLossless(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return [{ path: "", message: `not JSON: ${e.message}` }];
    throw e;
  }
  return validatorFor(schema, opts)(value);
}
