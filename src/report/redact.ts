import type { Report } from "./model.ts";

/**
 * Secrets never reach a report. Three nets, applied to every string of the report before any
 * format is rendered: the exact secret values the run knows (credentials it handed out, secret
 * environment values it passed on), the shapes secrets take on the wire (Authorization values,
 * secret-named JSON keys and form/query parameters), and patterns the user configures.
 */

export const REDACTED = "[redacted]";

/** Names whose values are secrets wherever they appear (JSON keys, form fields, env names). */
const SECRET_NAME = "(?:access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?secret|api[_-]?key|client[_-]?secret|secret|password|passwd|token|authorization|private[_-]?key)";

const WIRE_PATTERNS: RegExp[] = [
  // Authorization header values: "Bearer abc", "Basic dXNlcjpwYXNz", "DPoP ..."
  /\b(Bearer|Basic|DPoP)\s+[A-Za-z0-9._~+/=-]{4,}/g,
  // "accessToken": "value" in JSON text
  new RegExp(`("[A-Za-z_-]*${SECRET_NAME}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"),
  // access_token=value in forms, queries and command lines
  new RegExp(`(\\b[A-Za-z_-]*${SECRET_NAME}=)[^\\s&"';,]+`, "gi"),
];

/** Is an environment variable (or config key) named like a secret? */
export const isSecretName = (name: string) => new RegExp(`${SECRET_NAME}|KEY$|CREDENTIALS?`, "i").test(name);

export interface Redactor {
  (text: string): string;
}

/** A redactor for the given secret values (short ones are ignored: they would redact noise) and extra patterns. */
export function redactor(secrets: Iterable<string | undefined>, patterns: readonly RegExp[] = []): Redactor {
  const exact = [...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.length >= 6))].sort((a, b) => b.length - a.length);
  const extra = patterns.map((p) => new RegExp(p.source, p.flags.includes("g") ? p.flags : `${p.flags}g`));
  return (text) => {
    let out = text;
    for (const s of exact) if (out.includes(s)) out = out.split(s).join(REDACTED);
    out = out.replace(WIRE_PATTERNS[0]!, `$1 ${REDACTED}`);
    for (const p of WIRE_PATTERNS.slice(1)) out = out.replace(p, (_m, keep: string) => (keep.trimEnd().endsWith(":") ? `${keep}"${REDACTED}"` : `${keep}${REDACTED}`));
    for (const p of extra) out = out.replace(p, REDACTED);
    return out;
  };
}

/** Every string of a value, redacted (keys too: a secret can be a key of a decoded map). */
function deep(v: unknown, r: Redactor): unknown {
  if (typeof v === "string") return r(v);
  if (Array.isArray(v)) return v.map((x) => deep(x, r));
  if (v && typeof v === "object" && typeof v !== "bigint") return Object.fromEntries(Object.entries(v).map(([k, x]) => [r(k), deep(x, r)]));
  return v;
}

/** The report with every string redacted; structure and numbers untouched. */
export function redactReport(report: Report, r: Redactor): Report {
  return deep(report, r) as Report;
}
