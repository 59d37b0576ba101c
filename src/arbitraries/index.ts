/** Schema → fast-check arbitraries: one small builder per construct, composed by `schemaArbitrary`. */
export { actionEnum, unknownAction } from "./action.ts";
export { INT64_EDGES, integerOf, toWire, type Int64Edge } from "./integer.ts";
export { nullable, objectOf } from "./optional.ts";
export { schemaArbitrary, UnsupportedSchemaError } from "./schema.ts";
export { formatted, text, TEXT_EDGES, type TextEdge } from "./text.ts";
