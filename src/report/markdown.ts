import type { Report, ReportFailure } from "./model.ts";
import { failsGate } from "./verdict.ts";

/**
 * A summary for $GITHUB_STEP_SUMMARY and pull-request comments: the verdict, failing checks
 * first, then warnings, known failures and coverage. Capped so it stays readable (the JSON and
 * HTML reports hold everything).
 */

const MAX_DETAILED = 50;
const MAX_BODY = 2000;

/** A table cell: no line breaks, no pipes, no HTML. */
export const cell = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A fenced block whose fence is longer than any backtick run inside it. */
export function fenced(text: string, lang = ""): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text}\n${fence}`;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x), 2);

function prettyBody(body: string): { text: string; lang: string } {
  let text = body;
  let lang = "";
  try {
    text = JSON.stringify(JSON.parse(body), null, 2);
    lang = "json";
  } catch {
    // not JSON: shown as served
  }
  return { text: text.length > MAX_BODY ? `${text.slice(0, MAX_BODY)}\n… (${text.length - MAX_BODY} more characters in the JSON report)` : text, lang };
}

function verdictLine(r: Report): string {
  const s = r.summary;
  const counts = `${s.operations} operations, ${s.cases} cases · ${s.failures} failing · ${s.warnings} warnings${s.baselined ? ` · ${s.baselined} known` : ""}`;
  if (s.exitCode === 0) return `## ✅ Conforms\n\n${counts}`;
  if (s.exitCode === 1) return `## ❌ Does not conform\n\n${counts}`;
  return `## ⚠️ Error: the run could not complete\n\n${counts}`;
}

function table(failures: ReportFailure[]): string[] {
  return [
    "| check | operation | action | cases | message |",
    "|---|---|---|---:|---|",
    ...failures.map((f) => `| \`${cell(f.check)}\` | ${cell(f.operationId)} | ${cell(f.action ?? "")} | ${f.occurrences} | ${cell(f.message.split("\n")[0] ?? "")} |`),
  ];
}

function details(f: ReportFailure): string[] {
  const body = prettyBody(f.body);
  return [
    `<details><summary><code>${cell(f.check)}</code> · ${cell(f.operationId)}${f.action ? ` · ${cell(f.action)}` : ""}${f.path ? ` · <code>${cell(f.path)}</code>` : ""}</summary>`,
    "",
    fenced(f.message),
    ...(f.expected !== undefined || f.actual !== undefined ? ["", fenced(`expected: ${json(f.expected)}\nactual:   ${json(f.actual)}`)] : []),
    ...(f.note ? ["", `Note: ${cell(f.note)}`] : []),
    "",
    `Case \`${cell(f.caseId)}\` (${cell(f.variant)}), body served:`,
    "",
    fenced(body.text, body.lang),
    "",
    "Replay:",
    "",
    fenced(f.replay, "sh"),
    "",
    "</details>",
  ];
}

function section(title: string, failures: ReportFailure[], collapsed: boolean): string[] {
  if (!failures.length) return [];
  const shown = failures.slice(0, MAX_DETAILED);
  const out = [`### ${title} (${failures.length})`, "", ...table(failures.slice(0, MAX_DETAILED * 2)), ""];
  if (failures.length > MAX_DETAILED * 2) out.push(`… and ${failures.length - MAX_DETAILED * 2} more in the JSON and HTML reports`, "");
  const body = shown.flatMap(details);
  if (collapsed) out.push("<details><summary>details</summary>", "", ...body, "", "</details>", "");
  else out.push(...body, "");
  if (failures.length > shown.length) out.push(`… ${failures.length - shown.length} more failures are detailed in the JSON and HTML reports`, "");
  return out;
}

export function renderMarkdown(r: Report): string {
  const gate = r.failures.filter((f) => failsGate(f, r.strict));
  const warnings = r.failures.filter((f) => !f.baselined && !failsGate(f, r.strict));
  const known = r.failures.filter((f) => f.baselined);
  const lines = [
    "# Conformance report",
    "",
    verdictLine(r),
    "",
    `Target: ${r.target.kind} \`${cell(r.target.spec)}\` · profile ${cell(r.profile)} · seed ${r.seed}${r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : ""} · kit ${cell(r.kit.version)}${r.strict ? " · strict" : ""}`,
    "",
  ];
  if (!r.complete) lines.push(`> [!WARNING]`, `> INCOMPLETE: ${cell(r.incompleteReason ?? "the run stopped early")}; results are partial.`, "");
  lines.push(...section("Failures", gate, false), ...section("Warnings", warnings, true), ...section("Known failures (baseline)", known, true));
  if (r.baseline?.fixed.length) {
    lines.push(`### Fixed since the baseline (${r.baseline.fixed.length})`, "", `These entries of \`${cell(r.baseline.file)}\` no longer fail: remove them (or run with \`--update-baseline\`).`, "", ...r.baseline.fixed.map((fp) => `- \`${fp}\``), "");
  }
  lines.push("### Coverage", "", "| operation | cases | coverage | goals met | result |", "|---|---:|---:|---:|---|");
  for (const op of r.operations) {
    const mine = r.failures.filter((f) => f.operationId === op.operationId);
    const result = op.unsupported ? `skipped: ${cell(op.skipReason ?? "not run")}` : mine.some((f) => failsGate(f, r.strict)) ? "❌" : mine.some((f) => !f.baselined) ? "⚠️" : "✅";
    lines.push(`| ${cell(op.operationId)} | ${op.cases} | ${op.unsupported ? "–" : `${op.coverage.percent}%`} | ${op.coverage.met}/${op.coverage.goals} | ${result} |`);
  }
  lines.push("");
  return lines.join("\n");
}
