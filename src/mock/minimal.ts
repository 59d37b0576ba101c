import type { Contract, Schema } from "../contracts/model.ts";

/**
 * The smallest body the success schema allows, for calls nothing was scripted for. Most Authlete
 * response models have only optional properties, so this is mostly `{}`; the few with `required`
 * names get those filled with the smallest value of their type. The health check's text is `OK`
 * (the spec's example). A real generator can replace this through `fallbackBody`.
 */
export function minimalBody(contract: Contract): string {
  const { contentType, schema } = contract.response;
  if (!contentType) return "";
  if (!contentType.includes("json")) return "OK";
  if (!schema) return "{}";
  return JSON.stringify(minimalValue(schema, schema, 0) ?? {});
}

const FORMATS: Record<string, string> = {
  "date-time": "1970-01-01T00:00:00Z",
  date: "1970-01-01",
  uri: "https://example.com",
  url: "https://example.com",
  email: "a@example.com",
};

function minimalValue(s: Schema, root: Schema, depth: number): unknown {
  if (depth > 20) return null;
  if (typeof s.$ref === "string") {
    const target = (root.$defs as Record<string, Schema> | undefined)?.[s.$ref.split("/").pop()!];
    return target ? minimalValue(target, root, depth + 1) : {};
  }
  if (Array.isArray(s.enum) && s.enum.length) return s.enum.find((v) => v !== null) ?? s.enum[0];
  if (Array.isArray(s.allOf))
    return Object.assign({}, ...s.allOf.map((x) => minimalValue(x as Schema, root, depth + 1)));
  for (const k of ["oneOf", "anyOf"])
    if (Array.isArray(s[k]) && (s[k] as unknown[]).length) return minimalValue((s[k] as Schema[])[0]!, root, depth + 1);
  switch (s.type) {
    case "object": {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const name of (s.required ?? []) as string[])
        out[name] = props[name] ? minimalValue(props[name], root, depth + 1) : "";
      return out;
    }
    case "array":
      return Array.from({ length: Number(s.minItems ?? 0) }, () =>
        minimalValue((s.items ?? {}) as Schema, root, depth + 1),
      );
    case "string":
      return typeof s.format === "string" && FORMATS[s.format]
        ? FORMATS[s.format]
        : "x".repeat(Number(s.minLength ?? 0));
    case "integer":
    case "number":
      return typeof s.minimum === "number" ? Math.max(0, s.minimum) : 0;
    case "boolean":
      return false;
    default:
      return s.nullable ? null : {};
  }
}
