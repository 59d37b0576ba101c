import { parseLossless, stringifyLossless } from "../json/lossless.ts";
import type { Report, ReportCause } from "./model.ts";
import { affectsText, alsoSeen, exampleOf, isolationText, logLines } from "./text.ts";
import { failsGate } from "./verdict.ts";

/**
 * A summary for $GITHUB_STEP_SUMMARY and pull-request comments: the verdict, then every root cause
 * (failing ones first, then warnings and known ones), each with where it was seen, its minimal
 * example and replay; then coverage. Bodies are capped so it stays readable (the JSON and HTML
 * reports hold them whole).
 */

const MAX_BODY = 2000;

/** A table cell: no line breaks, no pipes, no HTML. */
export const cell = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fenced(text: string, lang = ""): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

const json = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x), 2);

/** A body as served: pretty-printed with exact int64 digits (lossless JSON), or as it came. */
export function prettyBody(body: string, max = MAX_BODY): { text: string; lang: string } {
  let text = body;
  let lang = "";
  try {
    text = stringifyLossless(parseLossless(body), 2);
    lang = "json";
  } catch {
    // not JSON: shown as served
  }
  return {
    text:
      text.length > max ? `${text.slice(0, max)}\n… (${text.length - max} more characters in the JSON report)` : text,
    lang,
  };
}

function verdictLine(r: Report): string {
  const s = r.summary;
  const counts = `${s.operations} operations, ${s.cases} cases · ${s.failures} failing · ${s.warnings} warnings${s.baselined ? ` · ${s.baselined} known` : ""} · ${s.entries} entries`;
  if (s.exitCode === 0) return `## ✅ Conforms\n\n${counts}`;
  if (s.exitCode === 1)
    return r.complete ? `## ❌ Does not conform\n\n${counts}` : `## ⚠️ INCOMPLETE\n\n${counts} so far`;
  return `## ⚠️ Error: the run could not complete\n\n${counts}`;
}

function table(r: Report, causes: ReportCause[]): string[] {
  return [
    "| check | cause | where | cases |",
    "|---|---|---|---:|",
    ...causes.map(
      (c) =>
        `| \`${cell(c.check)}\` | ${cell(c.title.replace(`${c.check}: `, "").replace(`${c.check} `, ""))} | ${cell(affectsText(c, 2))} | ${c.cases} |`,
    ),
  ];
}

function details(r: Report, c: ReportCause): string[] {
  const f = exampleOf(r, c);
  if (!f) return [];
  const body = prettyBody(f.isolated?.body ?? f.body);
  const iso = isolationText(f);
  return [
    `<details><summary><code>${cell(c.check)}</code> · ${cell(c.title)}</summary>`,
    "",
    `Seen on ${c.cases} case${c.cases === 1 ? "" : "s"}: ${c.affects.map((a) => `${cell(a.operationId)} (${a.actions.map(cell).join(", ")})`).join("; ")}.${alsoSeen(c) ? ` ${cell(alsoSeen(c)!)}.` : ""}`,
    "",
    fenced(f.message),
    ...(f.log?.length ? ["", "The target logged:", "", fenced(logLines(f).join("\n"))] : []),
    ...(f.expected !== undefined || f.actual !== undefined
      ? ["", fenced(`expected: ${json(f.expected)}\nactual:   ${json(f.actual)}`)]
      : []),
    ...(f.note ? ["", `Note: ${cell(f.note)}`] : []),
    ...(iso ? ["", cell(iso)] : []),
    "",
    `Case \`${cell(f.isolated?.caseId ?? f.caseId)}\` (${cell(f.variant)}), ${f.isolated ? "isolated body" : "body served"}:`,
    "",
    fenced(body.text, body.lang),
    "",
    "Replay:",
    "",
    fenced(f.isolated?.replay ?? f.replay, "sh"),
    "",
    "</details>",
  ];
}

/** Every cause of a kind: a table line each, then its details (bodies capped). */
function section(r: Report, title: string, causes: ReportCause[], collapsed: boolean): string[] {
  if (!causes.length) return [];
  const out = [`### ${title} (${causes.length})`, "", ...table(r, causes), ""];
  const body = causes.flatMap((c) => details(r, c));
  if (collapsed) out.push("<details><summary>details</summary>", "", ...body, "", "</details>", "");
  else out.push(...body, "");
  return out;
}

export function renderMarkdown(r: Report): string {
  const gate = r.causes.filter((c) => c.failsGate);
  const warnings = r.causes.filter((c) => !c.baselined && !c.failsGate);
  const known = r.causes.filter((c) => c.baselined);
  const lines = [
    "# Conformance report",
    "",
    verdictLine(r),
    "",
    `Target: ${r.target.kind} \`${cell(r.target.spec)}\` · profile ${cell(r.profile)} · seed ${r.seed}${r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : ""} · kit ${cell(r.kit.version)}${r.strict ? " · strict" : ""}`,
    "",
  ];
  if (!r.complete)
    lines.push(
      `> [!WARNING]`,
      `> INCOMPLETE: ${cell(r.incompleteReason ?? "the run stopped early")}; results are partial.`,
      "",
    );
  lines.push(
    ...section(r, "Failures", gate, false),
    ...section(r, "Warnings", warnings, true),
    ...section(r, "Known failures (baseline)", known, true),
  );
  if (r.baseline?.fixed.length) {
    lines.push(
      `### Fixed since the baseline (${r.baseline.fixed.length})`,
      "",
      `These entries of \`${cell(r.baseline.file)}\` no longer fail: remove them (or run with \`--update-baseline\`).`,
      "",
      ...r.baseline.fixed.map((fp) => `- \`${fp}\``),
      "",
    );
  }
  lines.push("### Coverage", "", "| operation | cases | coverage | goals met | result |", "|---|---:|---:|---:|---|");
  for (const op of r.operations) {
    const mine = r.failures.filter((f) => f.operationId === op.operationId);
    const result = op.unsupported
      ? `skipped: ${cell(op.skipReason ?? "not run")}`
      : mine.some((f) => failsGate(f, r.strict))
        ? "❌"
        : mine.some((f) => !f.baselined)
          ? "⚠️"
          : "✅";
    lines.push(
      `| ${cell(op.operationId)} | ${op.cases} | ${op.unsupported ? "–" : `${op.coverage.percent}%`} | ${op.coverage.met}/${op.coverage.goals} | ${result} |`,
    );
  }
  lines.push("");
  return lines.join("\n");
}
