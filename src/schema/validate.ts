import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import type { Schema } from "../contracts/model.ts";
import { JsonSyntaxError, parseLossless, type JsonValue } from "../json/lossless.ts";
import { INT_BOUNDS, toJsonSchema } from "./openapi.ts";

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (a: Ajv) => Ajv;

/** One reason a value does not conform, located by JSON Pointer. */
export interface SchemaIssue {
  path: string;
  message: string;
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: true, allErrors: false, validateFormats: true, verbose: true });
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

const ajv = makeAjv();
const compiled = new WeakMap<Schema, ValidateFunction>();

/** Compiles (once per schema object) a validator for lossless JSON values. */
export function validatorFor(schema: Schema): (value: JsonValue) => SchemaIssue[] {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(toJsonSchema(schema));
    compiled.set(schema, fn);
  }
  const v = fn;
  return (value) => {
    if (v(value)) return [];
    return (v.errors ?? []).map((e) => ({
      path: e.instancePath || "",
      message: e.keyword === "losslessInteger" ? `must be an integer${e.schema === "any" ? "" : ` within ${String(e.schema)}`}` : (e.message ?? e.keyword),
    }));
  };
}

/** Parses JSON text losslessly and validates it; a syntax error is reported as an issue at "". */
export function validateText(schema: Schema, text: string): SchemaIssue[] {
  let value: JsonValue;
  try {
    value = parseLossless(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return [{ path: "", message: `not JSON: ${e.message}` }];
    throw e;
  }
  return validatorFor(schema)(value);
}
