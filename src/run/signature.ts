import { isJsonObject, parseLossless, type JsonValue } from "../json/lossless.ts";

/**
 * What a target said, normalised so the same defect says the same thing on every body: the
 * "Received:" line with the body's own values (and free-form keys), generated property names, ids,
 * URLs and numbers stripped. Property names stay (they name the culprit); values go (they vary by case).
 */
export function errorSignature(message: string, body: string, route?: string): string {
  let said = (message.split("\n")[0] ?? "").replace(/^Received: /, "");
  // The route the SDK called, as its message may quote it: the operation is not the defect.
  if (route)
    said = said.replace(
      new RegExp(
        `(?:(?:GET|POST|PUT|DELETE|PATCH) )?${route
          .split(/\{\w+\}/)
          .map(escapeRegExp)
          .join("[^/\\s:?#]+")}`,
        "g",
      ),
      "<route>",
    );
  // Whole values only, so a value does not eat part of a word ("de" in "decode"); a short word is
  // taken for a value only where it is quoted (the message's own words stay).
  const values = bodyValues(body)
    .filter((v) => v.trim().length >= 2)
    .sort((a, b) => b.length - a.length);
  for (const v of values) {
    const text = escapeRegExp(v);
    const pattern =
      v.length >= 6 || /[^A-Za-z]/.test(v)
        ? `(?<![A-Za-z0-9])${text}(?![A-Za-z0-9])`
        : `(?<=["'\u2018\u201c])${text}(?=["'\u2019\u201d])`;
    said = said.replace(new RegExp(pattern, "g"), "<v>");
  }
  return said
    .replace(/xUnknown[A-Za-z]*/g, "<unknown>")
    .replace(/https?:\/\/[^\s'"]+/g, "<url>")
    .replace(/\b[0-9a-f]{8,}\b/gi, "<id>")
    .replace(/\d+/g, "<n>")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 240);
}

/** The scalar values of a body (strings, and numbers by their digits), for stripping from messages. */
function bodyValues(body: string): string[] {
  let v: JsonValue;
  try {
    v = parseLossless(body);
  } catch {
    return body ? [body] : [];
  }
  const out = new Set<string>();
  const visit = (x: JsonValue): void => {
    if (typeof x === "string") out.add(x);
    else if (Array.isArray(x)) x.forEach(visit);
    else if (isJsonObject(x)) {
      // Keys of free-form maps are generated data too; documented property names look like names.
      for (const k of Object.keys(x)) if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(k)) out.add(k);
      Object.values(x).forEach(visit);
    }
  };
  visit(v);
  return [...out];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
