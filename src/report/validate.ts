/**
 * Reports read back (`merge`, `replay`) are data from elsewhere, never trusted: read within size and
 * depth limits, validated against the report's JSON Schema (schemas/report-v1.json), and only then
 * used. Nothing in a report is ever run or rendered unchecked.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { KIT_ROOT } from "../contracts/paths.ts";
import { InputError } from "../errors.ts";
import { JsonInputError, readJsonFile, type JsonLimits } from "../json/read.ts";
import type { Report } from "./model.ts";

export const REPORT_SCHEMA_FILE = join(KIT_ROOT, "schemas", "report-v1.json");

/** A report is refused unread past this size, or when nested deeper (bodies are strings; values nest like bodies). */
export const REPORT_LIMITS: JsonLimits = { maxBytes: 512 * 1024 * 1024, maxDepth: 256 };

let validator: ValidateFunction | undefined;

const describe = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? [])
    .slice(0, 3)
    .map(
      (e) =>
        `${e.instancePath || "/"} ${e.message ?? e.keyword}${e.keyword === "enum" || e.keyword === "const" ? ` ${JSON.stringify(e.params.allowedValues ?? e.params.allowedValue)}` : ""}`,
    )
    .join("; ");

/** Problems that make `value` no valid report, in one line, or undefined. */
export function reportProblem(value: unknown): string | undefined {
  validator ??= new Ajv({ allErrors: false, strict: false }).compile(
    JSON.parse(readFileSync(REPORT_SCHEMA_FILE, "utf8")) as object,
  );
  if ((value as { format?: unknown })?.format !== "conformance-report")
    return 'not a conformance report (no "format": "conformance-report")';
  return validator(value) ? undefined : `not a valid conformance report: ${describe(validator.errors)}`;
}

/** Reads a report file within the limits and validates it; an InputError (exit 2, one line) says why not. */
export function readReport(file: string): Report {
  let raw: unknown;
  try {
    raw = readJsonFile(file, REPORT_LIMITS);
  } catch (e) {
    if (e instanceof JsonInputError) throw new InputError(file, e.message);
    throw e;
  }
  const problem = reportProblem(raw);
  if (problem) throw new InputError(file, problem);
  return raw as Report;
}
