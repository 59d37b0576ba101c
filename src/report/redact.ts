import type { Report } from "./model.ts";

/**
 * Secrets never reach a report, and what the run observed is never altered. Two nets:
 *
 * - exact values the run knows (the credentials it handed out, secret-named environment values,
 *   passwords in URL-valued environment variables) in every form they travel in (as written,
 *   URL-encoded, base64 at any alignment), and the patterns the user configures: applied to every
 *   string of a report;
 * - the shapes secrets take in free text (Authorization values, secret-named JSON keys, form and
 *   query parameters and command-line flags, credentials in URLs): applied to what a target wrote
 *   (its messages and output, redacted where they enter the kit, before they are cut) and to
 *   command lines, never to bodies and values: a sample `"password"` the mock generated is data.
 */

export const REDACTED = "[redacted]";

/** Names whose values are secrets wherever they appear (JSON keys, form fields, flags). */
const SECRET_NAME =
  "(?:access[_-]?token|refresh[_-]?token|id[_-]?token|api[_-]?secret|api[_-]?key|apikey|client[_-]?secret|secret|password|passwd|token|authorization|private[_-]?key|credentials?|creds)";

/** Shapes of secrets in free text; each keeps its first group and redacts the rest. */
const SHAPES: RegExp[] = [
  // Authorization header values: "Bearer abc", "Basic dXNlcjpwYXNz", "DPoP ..."
  /\b((?:Bearer|Basic|DPoP)\s+)[A-Za-z0-9._~+/=-]{4,}/g,
  // "accessToken": "value" in JSON text
  new RegExp(`("[A-Za-z_-]*${SECRET_NAME}"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, "gi"),
  // credentials in a URL: scheme://user:password@host
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:)[^\s/@]+(?=@)/gi,
  // --api-key value, --password=value, -password "a b" on command lines
  new RegExp(`((?:^|\\s)--?[A-Za-z0-9_-]*${SECRET_NAME}[A-Za-z0-9_-]*(?:=|\\s+))(?:"[^"]*"|'[^']*'|[^\\s"']+)`, "gi"),
  // access_token=value in forms, queries and environment assignments
  new RegExp(`(\\b[A-Za-z_-]*${SECRET_NAME}=)[^\\s&"';,]+`, "gi"),
];

/** Is an environment variable named like a secret (`*_KEY`, `*_SECRET`, `*_TOKEN`, `*_PASSWORD`, `*_CREDS`, …)? */
export const isSecretName = (name: string) => new RegExp(`${SECRET_NAME}|KEY$|PASS$|CREDS?$`, "i").test(name);

/**
 * The secret values of an environment: values of secret-named variables, and the password of any
 * value that is a URL with credentials (`DATABASE_URL=postgres://app:pw@db/app`).
 */
export function environmentSecrets(env: Record<string, string | undefined>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (!v) continue;
    if (isSecretName(k)) out.push(v);
    for (const m of v.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:([^\s/@]+)@/gi)) out.push(m[1]!, safeDecode(m[1]!));
  }
  return out;
}

/**
 * Secret values written on a command line (`--api-key K`, `--password=P`, `TOKEN=T cmd`, a URL
 * with credentials): the target may echo them anywhere, so they are redacted as known secrets.
 */
export function commandSecrets(command: string | undefined): string[] {
  if (!command) return [];
  const out: string[] = [];
  for (const p of [SHAPES[2]!, SHAPES[3]!, SHAPES[4]!]) {
    for (const m of command.matchAll(new RegExp(p.source, p.flags))) {
      const value = command.slice(m.index + m[1]!.length).match(/^(?:"([^"]*)"|'([^']*)'|([^\s"'@&;,]+))/);
      const v = value?.[1] ?? value?.[2] ?? value?.[3];
      if (v) out.push(v, safeDecode(v));
    }
  }
  return out;
}

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Secrets shorter than this are not searched for: they would redact noise. */
const MIN_SECRET = 6;

/**
 * The forms a secret travels in: as written, URL-encoded, and base64 (standard and URL alphabets).
 * Inside a longer base64 text (`Basic base64(user:secret)`) a secret's encoding depends on its
 * offset modulo 3: the characters fully determined by its bytes, at each of the three offsets,
 * are found whatever comes before or after it.
 */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret, encodeURIComponent(secret)]);
  const bytes = Buffer.from(secret, "utf8");
  for (let k = 0; k < 3; k++) {
    const enc = Buffer.concat([Buffer.alloc(k), bytes]).toString("base64");
    const core = enc.slice(Math.ceil((8 * k) / 6), Math.floor((8 * (k + bytes.length)) / 6));
    if (core.length >= MIN_SECRET) forms.add(core).add(core.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...forms];
}

export interface Redactor {
  /** Known secrets, configured patterns and the shapes of secrets: for free text from a target and command lines. */
  (text: string): string;
  /** Known secrets and configured patterns only: for data (bodies, values) that must stay as observed. */
  exact(text: string): string;
}

/** A redactor for the given secret values (in all their forms) and extra patterns. */
export function redactor(secrets: Iterable<string | undefined>, patterns: readonly RegExp[] = []): Redactor {
  const values = [...new Set([...secrets].filter((s): s is string => typeof s === "string" && s.length >= MIN_SECRET))];
  const exactForms = [...new Set(values.flatMap(secretForms))].sort((a, b) => b.length - a.length);
  const extra = patterns.map((p) => new RegExp(p.source, p.flags.includes("g") ? p.flags : `${p.flags}g`));
  const exact = (text: string) => {
    let out = text;
    for (const s of exactForms) if (out.includes(s)) out = out.split(s).join(REDACTED);
    for (const p of extra) out = out.replace(p, REDACTED);
    return out;
  };
  const full = (text: string) => {
    let out = exact(text);
    for (const p of SHAPES)
      out = out.replace(p, (_m, keep: string) =>
        keep.trimEnd().endsWith(":") && !keep.includes("//") ? `${keep}"${REDACTED}"` : `${keep}${REDACTED}`,
      );
    return out;
  };
  return Object.assign(full, { exact });
}

/** Both redactors in turn (e.g. the run's credentials, then the environment's secrets). */
export function chain(a: Redactor, b: Redactor | undefined): Redactor {
  if (!b) return a;
  return Object.assign((t: string) => b(a(t)), { exact: (t: string) => b.exact(a.exact(t)) });
}

/** Every string of a value, through `r` (keys too: a secret can be a key of a decoded map). */
function deep(v: unknown, r: (t: string) => string): unknown {
  if (typeof v === "string") return r(v);
  if (Array.isArray(v)) return v.map((x) => deep(x, r));
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [r(k), deep(x, r)]));
  return v;
}

/**
 * The report with known secrets redacted from every string, and the shapes of secrets from the
 * fields that hold command lines and target output (target, handshake, replay commands, the
 * reason a run stopped). Bodies, values and check messages keep what was observed; structure and
 * numbers are untouched.
 */
export function redactReport(report: Report, r: Redactor): Report {
  const out = deep(report, (s) => r.exact(s)) as Report;
  out.target = deep(out.target, r) as Report["target"];
  if (out.incompleteReason !== undefined) out.incompleteReason = r(out.incompleteReason);
  out.failures = out.failures.map((f) => ({ ...f, replay: r(f.replay) }));
  return out;
}
