/**
 * HTML from tagged templates that escape by default: every value interpolated into `html\`…\`` is
 * escaped (text and attribute values alike), unless it is itself `Html` (a nested template, or what
 * the kit wrote: its stylesheet and script). Report strings come from generators and targets, so a
 * hostile one renders as text whatever template it lands in.
 */
const HTML = Symbol("html");

export interface Html {
  readonly [HTML]: string;
}

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

const isHtml = (v: unknown): v is Html => typeof v === "object" && v !== null && HTML in v;

/** A value as HTML: Html as it is, arrays piece by piece, nothing for null, undefined and false. */
function piece(v: unknown): string {
  if (v === undefined || v === null || v === false) return "";
  if (isHtml(v)) return v[HTML];
  if (Array.isArray(v)) return v.map(piece).join("");
  return esc(String(v));
}

export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1]!;
  return { [HTML]: out };
}

/** Markup the kit itself wrote (its stylesheet, its script, a CSP it computed): inserted as it is. */
export const trusted = (s: string): Html => ({ [HTML]: s });

/** Items with a separator between them (both escaped unless Html). */
export const joined = (items: readonly unknown[], sep: string | Html): Html =>
  trusted(items.map(piece).join(piece(sep)));

/** The finished document. */
export const text = (h: Html): string => h[HTML];
