import { createHash } from "node:crypto";
import { STYLE } from "./html/style.ts";
import { SCRIPT } from "./html/script.ts";
import { prettyBody } from "./markdown.ts";
import type { OperationReport, Report, ReportCause, ReportFailure } from "./model.ts";
import { alsoSeen, exampleOf, isolationText, logLines } from "./text.ts";
import { failsGate } from "./verdict.ts";

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
/** No network, and only the report's own style and script: inline code is allowed by hash, never wholesale. */
const CSP = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:`;

/**
 * One self-contained HTML file: no network (a CSP forbids it, and allows only the report's own
 * style and script, by hash), static HTML for everything, a few lines of JS for filters. Every
 * string from the report is escaped: bodies come from generators and targets, and a hostile one
 * must render as text. Bodies are shown with exact digits (lossless JSON).
 */

export const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
const json = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x), 2) ?? "undefined";
const MAX_BODY = 64 * 1024;

/** Cell status for the matrix; worst first. */
export type CellStatus = "fail" | "error" | "baselined" | "warn" | "pass" | "skip";
const RANK: CellStatus[] = ["error", "fail", "baselined", "warn", "pass", "skip"];

function checkStatus(
  op: OperationReport,
  action: string,
  check: string,
  failures: ReportFailure[],
  strict: boolean,
): CellStatus {
  const f = failures.filter(
    (x) => x.operationId === op.operationId && (x.action ?? "(none)") === action && x.check === check,
  );
  if (f.some((x) => failsGate(x, strict)))
    return f.some((x) => failsGate(x, strict) && x.severity === "fail") ? "fail" : "error";
  if (f.some((x) => x.baselined)) return "baselined";
  if (f.length) return "warn";
  const c = op.actions[action]?.[check] ?? {};
  return c.pass ? "pass" : "skip";
}

/** Lines removed and added between expected and actual (LCS; plain listing when huge). */
export function lineDiff(a: string, b: string): Array<["same" | "del" | "add", string]> {
  const x = a.split("\n");
  const y = b.split("\n");
  if (x.length * y.length > 250_000)
    return [...x.map((l) => ["del", l] as ["del", string]), ...y.map((l) => ["add", l] as ["add", string])];
  const lcs = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--)
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Array<["same" | "del" | "add", string]> = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      out.push(["same", x[i++]!]);
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push(["del", x[i++]!]);
    else out.push(["add", y[j++]!]);
  }
  while (i < x.length) out.push(["del", x[i++]!]);
  while (j < y.length) out.push(["add", y[j++]!]);
  return out;
}

function bodyBlock(body: string): string {
  return `<pre class="body">${esc(prettyBody(body, MAX_BODY).text)}</pre>`;
}

function failureStatus(f: ReportFailure, strict: boolean): CellStatus {
  return f.baselined ? "baselined" : failsGate(f, strict) ? (f.severity === "error" ? "error" : "fail") : "warn";
}

function failureHtml(f: ReportFailure, strict: boolean): string {
  const status = failureStatus(f, strict);
  const diff =
    f.expected !== undefined || f.actual !== undefined
      ? `<p>Expected (−) and actual (+):</p><pre class="diff">${lineDiff(json(f.expected), json(f.actual))
          .map(([k, l]) => `<span class="${k}">${k === "del" ? "−" : k === "add" ? "+" : " "} ${esc(l)}</span>`)
          .join("")}</pre>`
      : "";
  return `<details class="failure sev-${f.severity}${f.baselined ? " known" : ""}" id="entry-${esc(f.fingerprint)}" data-op="${esc(f.operationId)}" data-action="${esc(f.action ?? "(none)")}" data-check="${esc(f.check)}" data-status="${status}" data-fingerprint="${esc(f.fingerprint)}">
<summary><span class="sev">${f.baselined ? "known" : esc(f.severity)}</span> <code>${esc(f.check)}</code> · ${esc(f.operationId)}${f.action ? ` · action <code>${esc(f.action)}</code>` : ""}${f.path ? ` · <code>${esc(f.path)}</code>` : ""}${f.occurrences > 1 ? ` · ${f.occurrences} cases` : ""}</summary>
<pre class="message">${esc(f.message)}</pre>
${diff}${f.note ? `<p class="note">Note: ${esc(f.note)}</p>` : ""}
<p>Case <code>${esc(f.caseId)}</code> (${esc(f.variant)})${f.shrinkSteps ? `, shrunk in ${f.shrinkSteps} steps` : ""}; body served:</p>
${bodyBlock(f.body)}
<p>Replay:</p><div class="replay"><pre class="replay-command">${esc(f.replay)}</pre><button class="copy" type="button">copy</button></div>
</details>`;
}

/** One root cause: its title, where it was seen, and its example open (isolated body, replay). */
function causeHtml(r: Report, c: ReportCause): string {
  const f = exampleOf(r, c);
  const status: CellStatus = c.baselined
    ? "baselined"
    : c.failsGate
      ? c.severity === "error"
        ? "error"
        : "fail"
      : "warn";
  const iso = f ? isolationText(f) : undefined;
  const replay = f?.isolated?.replay ?? f?.replay;
  return `<details class="cause sev-${c.severity}${c.baselined ? " known" : ""}" open id="cause-${esc(c.id)}" data-check="${esc(c.check)}" data-status="${status}" data-ops="${esc(c.affects.map((a) => a.operationId).join(" "))}" data-text="${esc(`${c.title} ${c.affects.map((a) => `${a.operationId} ${a.actions.join(" ")}`).join(" ")}`.toLowerCase())}">
<summary><span class="sev">${c.baselined ? "known" : esc(c.severity)}</span> ${esc(c.title)} <span class="meta">· ${c.cases} case${c.cases === 1 ? "" : "s"} · ${c.affects.length} operation${c.affects.length === 1 ? "" : "s"}</span>${replay ? ` · <a href="#replay-${esc(c.id)}">replay</a>` : ""}</summary>
<p>Seen on ${c.affects.map((a) => `<code>${esc(a.operationId)}</code> (${a.actions.map(esc).join(", ")})`).join("; ")}.${alsoSeen(c) ? ` ${esc(alsoSeen(c)!)}.` : ""}</p>
${iso ? `<p class="isolation">${esc(iso)}</p>` : ""}
${f ? `<pre class="message">${esc(f.message)}</pre>${f.note ? `<p class="note">Note: ${esc(f.note)}</p>` : ""}${f.log?.length ? `<p>The target logged:</p><pre class="log">${esc(logLines(f, 40).join("\n"))}</pre>` : ""}<p>Case <code>${esc(f.isolated?.caseId ?? f.caseId)}</code> (${esc(f.variant)}), ${f.isolated ? "isolated body" : "body served"}:</p>${bodyBlock(f.isolated?.body ?? f.body)}` : ""}
${replay ? `<p>Replay:</p><div class="replay" id="replay-${esc(c.id)}"><pre class="replay-command">${esc(replay)}</pre><button class="copy" type="button">copy</button></div>` : ""}
<p class="meta">Entries: ${c.entries.map((fp) => `<a href="#entry-${esc(fp)}"><code>${esc(fp)}</code></a>`).join(" ")}</p>
</details>`;
}

function matrix(r: Report, checks: string[]): string {
  const rows = r.operations.map((op) => {
    if (op.unsupported)
      return `<tr class="unsupported" data-op="${esc(op.operationId)}"><th>${esc(op.operationId)}</th><td>not run: ${esc(op.skipReason ?? "unsupported")}</td></tr>`;
    const cells = Object.keys(op.actions)
      .sort()
      .map((action) => {
        const per = checks
          .filter((c) => op.actions[action]![c])
          .map((c) => [c, checkStatus(op, action, c, r.failures, r.strict)] as const);
        const worst = RANK.find((s) => per.some(([, p]) => p === s)) ?? "skip";
        const title = per
          .map(
            ([c, s]) =>
              `${c}: ${s} (${Object.entries(op.actions[action]![c]!)
                .map(([k, n]) => `${n} ${k}`)
                .join(", ")})`,
          )
          .join("\n");
        return `<button type="button" class="cell s-${worst}" data-op="${esc(op.operationId)}" data-action="${esc(action)}" data-status="${worst}" data-checks="${esc(per.map(([c, s]) => `${c}=${s}`).join(" "))}" title="${esc(title)}">${esc(action)}</button>`;
      })
      .join("");
    return `<tr data-op="${esc(op.operationId)}"><th>${esc(op.operationId)}</th><td>${cells}</td></tr>`;
  });
  return `<table id="matrix"><tbody>${rows.join("\n")}</tbody></table>`;
}

function coverage(r: Report): string {
  const rows = r.operations.map(
    (op) =>
      `<tr data-op="${esc(op.operationId)}"><td>${esc(op.operationId)}</td><td class="num">${op.cases}</td><td class="num">${op.unsupported ? "–" : `${op.coverage.percent}%`}</td><td class="num">${op.coverage.met}/${op.coverage.goals}</td><td><progress max="100" value="${op.coverage.percent}"></progress></td></tr>`,
  );
  return `<table id="coverage"><thead><tr><th>operation</th><th>cases</th><th>coverage</th><th>goals met</th><th></th></tr></thead><tbody>${rows.join("\n")}</tbody></table>`;
}

export function renderHtml(r: Report): string {
  const s = r.summary;
  const checks = [
    ...new Set(r.operations.flatMap((o) => Object.values(o.actions).flatMap((a) => Object.keys(a)))),
  ].sort();
  const gate = r.failures.filter((f) => failsGate(f, r.strict));
  const warnings = r.failures.filter((f) => !f.baselined && !failsGate(f, r.strict));
  const known = r.failures.filter((f) => f.baselined);
  const causes = [...r.causes.filter((c) => !c.baselined), ...r.causes.filter((c) => c.baselined)];
  const verdict =
    s.exitCode === 0
      ? "conforms"
      : s.exitCode === 2
        ? "error: the run could not complete"
        : r.complete
          ? "does not conform"
          : "incomplete";
  const list = (id: string, title: string, fs: ReportFailure[]) =>
    fs.length
      ? `<h2 id="${id}-title">${title} (${fs.length})</h2><section id="${id}">${fs.map((f) => failureHtml(f, r.strict)).join("\n")}</section>`
      : `<section id="${id}"></section>`;
  const statuses: CellStatus[] = ["fail", "error", "warn", "baselined", "pass", "skip"];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance: ${esc(verdict)} · ${esc(r.target.spec)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Conformance report <span class="verdict v${s.exitCode}" id="verdict">${esc(verdict)}</span></h1>
<p class="meta">${esc(r.target.kind)} <code>${esc(r.target.spec)}</code> · profile ${esc(r.profile)} · seed ${r.seed}${r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : ""} · kit ${esc(r.kit.version)}${r.strict ? " · strict" : ""} · ${esc(r.startedAt)} → ${esc(r.finishedAt)}</p>
<p class="meta" id="totals">${s.operations} operations · ${s.cases} cases · ${s.failures} failing · ${s.warnings} warnings · ${s.baselined} known · ${s.entries} entries · results: ${(["pass", "fail", "warn", "skip", "error"] as const).map((k) => `${s.results[k] ?? 0} ${k}`).join(", ")}</p>
${r.complete ? "" : `<p class="banner" id="incomplete">INCOMPLETE: ${esc(r.incompleteReason ?? "the run stopped early")}; results are partial.</p>`}
</header>
<div class="filters">
<label>check <select id="check-filter"><option value="">all checks</option>${checks.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join("")}</select></label>
${statuses.map((st) => `<label><input type="checkbox" class="status-filter" value="${st}" checked> <span class="cell s-${st}">${st}</span></label>`).join(" ")}
<label>operation <input id="op-filter" type="search" placeholder="filter operations"></label>
<label>search <input id="text-filter" type="search" placeholder="causes: check, field, message, action"></label>
</div>
<h2 id="causes-title">Causes (${causes.length})</h2>
<p class="meta">One entry per root cause, gate-failing first; each shows where it was seen, its smallest failing body and the command that replays it.</p>
<section id="causes">${causes.map((c) => causeHtml(r, c)).join("\n")}</section>
<h2>Operations × actions</h2>
<p class="meta">Each cell is one action value of an operation, coloured by its worst check; hover for the counts per check, click a red one for its failure.</p>
${matrix(r, checks)}
${list("failures", "Failing entries", gate)}
${list("warnings", "Warning entries", warnings)}
${list("known", "Known entries (baseline)", known)}
${r.baseline?.fixed.length ? `<h2>Fixed since the baseline (${r.baseline.fixed.length})</h2><p>These entries of <code>${esc(r.baseline.file)}</code> no longer fail: remove them (or run with <code>--update-baseline</code>).</p><ul id="fixed">${r.baseline.fixed.map((fp) => `<li><code>${esc(fp)}</code></li>`).join("")}</ul>` : ""}
<h2>Coverage</h2>
${coverage(r)}
<script>${SCRIPT}</script>
</body>
</html>
`;
}
