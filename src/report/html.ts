import { createHash } from "node:crypto";
import { STYLE } from "./html/style.ts";
import { SCRIPT } from "./html/script.ts";
import { prettyBody } from "./markdown.ts";
import type { OperationReport, Report, ReportCause, ReportFailure } from "./model.ts";
import { alsoSeen, exampleOf, isolationText, logLines } from "./text.ts";
import { failsGate } from "./verdict.ts";
import { html, joined, text, trusted, type Html } from "./html/template.ts";

const sha256 = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
/** No network, and only the report's own style and script: inline code is allowed by hash, never wholesale. */
const CSP = `default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}; img-src data:`;

/**
 * One self-contained HTML file: no network (a CSP forbids it, and allows only the report's own
 * style and script, by hash), static HTML for everything, a few lines of JS for filters. Built
 * from templates that escape every value by default (html/template.ts): bodies come from
 * generators and targets, and a hostile one must render as text. Bodies are shown with exact
 * digits (lossless JSON).
 */

export { esc } from "./html/template.ts";
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

function bodyBlock(body: string): Html {
  return html`<pre class="body">${prettyBody(body, MAX_BODY).text}</pre>`;
}

function failureStatus(f: ReportFailure, strict: boolean): CellStatus {
  return f.baselined ? "baselined" : failsGate(f, strict) ? (f.severity === "error" ? "error" : "fail") : "warn";
}

function diffBlock(expected: unknown, actual: unknown): Html {
  const lines = lineDiff(json(expected), json(actual)).map(
    ([k, l]) => html`<span class="${k}">${k === "del" ? "−" : k === "add" ? "+" : " "} ${l}</span>`,
  );
  return html`<p>Expected (−) and actual (+):</p><pre class="diff">${lines}</pre>`;
}

function replayBlock(command: string, id?: string): Html {
  return html`<p>Replay:</p><div class="replay"${id ? html` id="${id}"` : ""}><pre class="replay-command">${command}</pre><button class="copy" type="button">copy</button></div>`;
}

function failureHtml(f: ReportFailure, strict: boolean): Html {
  const diff = f.expected !== undefined || f.actual !== undefined ? diffBlock(f.expected, f.actual) : "";
  return html`<details class="failure sev-${f.severity}${f.baselined ? " known" : ""}" id="entry-${f.fingerprint}" data-op="${f.operationId}" data-action="${f.action ?? "(none)"}" data-check="${f.check}" data-status="${failureStatus(f, strict)}" data-fingerprint="${f.fingerprint}">
<summary><span class="sev">${f.baselined ? "known" : f.severity}</span> <code>${f.check}</code> · ${f.operationId}${f.action ? html` · action <code>${f.action}</code>` : ""}${f.path ? html` · <code>${f.path}</code>` : ""}${f.occurrences > 1 ? ` · ${f.occurrences} cases` : ""}</summary>
<pre class="message">${f.message}</pre>
${diff}${f.note ? html`<p class="note">Note: ${f.note}</p>` : ""}
<p>Case <code>${f.caseId}</code> (${f.variant})${f.shrinkSteps ? `, shrunk in ${f.shrinkSteps} steps` : ""}; body served:</p>
${bodyBlock(f.body)}
${replayBlock(f.replay)}
</details>`;
}

/** One root cause: its title, where it was seen, and its example open (isolated body, replay). */
function causeHtml(r: Report, c: ReportCause): Html {
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
  const searchable =
    `${c.title} ${c.affects.map((a) => `${a.operationId} ${a.actions.join(" ")}`).join(" ")}`.toLowerCase();
  const seen = joined(
    c.affects.map((a) => html`<code>${a.operationId}</code> (${a.actions.join(", ")})`),
    "; ",
  );
  const example = f
    ? html`<pre class="message">${f.message}</pre>${f.note ? html`<p class="note">Note: ${f.note}</p>` : ""}${f.log?.length ? html`<p>The target logged:</p><pre class="log">${logLines(f, 40).join("\n")}</pre>` : ""}<p>Case <code>${f.isolated?.caseId ?? f.caseId}</code> (${f.variant}), ${f.isolated ? "isolated body" : "body served"}:</p>${bodyBlock(f.isolated?.body ?? f.body)}`
    : "";
  return html`<details class="cause sev-${c.severity}${c.baselined ? " known" : ""}" open id="cause-${c.id}" data-check="${c.check}" data-status="${status}" data-ops="${c.affects.map((a) => a.operationId).join(" ")}" data-text="${searchable}">
<summary><span class="sev">${c.baselined ? "known" : c.severity}</span> ${c.title} <span class="meta">· ${c.cases} case${c.cases === 1 ? "" : "s"} · ${c.affects.length} operation${c.affects.length === 1 ? "" : "s"}</span>${replay ? html` · <a href="#replay-${c.id}">replay</a>` : ""}</summary>
<p>Seen on ${seen}.${alsoSeen(c) ? ` ${alsoSeen(c)}.` : ""}</p>
${iso ? html`<p class="isolation">${iso}</p>` : ""}
${example}
${replay ? replayBlock(replay, `replay-${c.id}`) : ""}
<p class="meta">Entries: ${joined(
    c.entries.map((fp) => html`<a href="#entry-${fp}"><code>${fp}</code></a>`),
    " ",
  )}</p>
</details>`;
}

function matrix(r: Report, checks: string[]): Html {
  const rows = r.operations.map((op) => {
    if (op.unsupported)
      return html`<tr class="unsupported" data-op="${op.operationId}"><th>${op.operationId}</th><td>not run: ${op.skipReason ?? "unsupported"}</td></tr>`;
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
        return html`<button type="button" class="cell s-${worst}" data-op="${op.operationId}" data-action="${action}" data-status="${worst}" data-checks="${per.map(([c, s]) => `${c}=${s}`).join(" ")}" title="${title}">${action}</button>`;
      });
    return html`<tr data-op="${op.operationId}"><th>${op.operationId}</th><td>${cells}</td></tr>`;
  });
  return html`<table id="matrix"><tbody>${joined(rows, trusted("\n"))}</tbody></table>`;
}

function coverage(r: Report): Html {
  const rows = r.operations.map(
    (op) =>
      html`<tr data-op="${op.operationId}"><td>${op.operationId}</td><td class="num">${op.cases}</td><td class="num">${op.unsupported ? "–" : `${op.coverage.percent}%`}</td><td class="num">${op.coverage.met}/${op.coverage.goals}</td><td><progress max="100" value="${op.coverage.percent}"></progress></td></tr>`,
  );
  return html`<table id="coverage"><thead><tr><th>operation</th><th>cases</th><th>coverage</th><th>goals met</th><th></th></tr></thead><tbody>${joined(rows, trusted("\n"))}</tbody></table>`;
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
      ? html`<h2 id="${id}-title">${title} (${fs.length})</h2><section id="${id}">${joined(
          fs.map((f) => failureHtml(f, r.strict)),
          trusted("\n"),
        )}</section>`
      : html`<section id="${id}"></section>`;
  const statuses: CellStatus[] = ["fail", "error", "warn", "baselined", "pass", "skip"];
  const results = (["pass", "fail", "warn", "skip", "error"] as const)
    .map((k) => `${s.results[k] ?? 0} ${k}`)
    .join(", ");
  return text(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${trusted(CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance: ${verdict} · ${r.target.spec}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
<header>
<h1>Conformance report <span class="verdict v${s.exitCode}" id="verdict">${verdict}</span></h1>
<p class="meta">${r.target.kind} <code>${r.target.spec}</code> · profile ${r.profile} · seed ${r.seed}${r.shard ? ` · shard ${r.shard.index}/${r.shard.total}` : ""} · kit ${r.kit.version}${r.strict ? " · strict" : ""} · ${r.startedAt} → ${r.finishedAt}</p>
<p class="meta" id="totals">${s.operations} operations · ${s.cases} cases · ${s.failures} failing · ${s.warnings} warnings · ${s.baselined} known · ${s.entries} entries · results: ${results}</p>
${r.complete ? "" : html`<p class="banner" id="incomplete">INCOMPLETE: ${r.incompleteReason ?? "the run stopped early"}; results are partial.</p>`}
</header>
<div class="filters">
<label>check <select id="check-filter"><option value="">all checks</option>${checks.map((c) => html`<option value="${c}">${c}</option>`)}</select></label>
${joined(
  statuses.map(
    (st) =>
      html`<label><input type="checkbox" class="status-filter" value="${st}" checked> <span class="cell s-${st}">${st}</span></label>`,
  ),
  " ",
)}
<label>operation <input id="op-filter" type="search" placeholder="filter operations"></label>
<label>search <input id="text-filter" type="search" placeholder="causes: check, field, message, action"></label>
</div>
<h2 id="causes-title">Causes (${causes.length})</h2>
<p class="meta">One entry per root cause, gate-failing first; each shows where it was seen, its smallest failing body and the command that replays it.</p>
<section id="causes">${joined(
    causes.map((c) => causeHtml(r, c)),
    trusted("\n"),
  )}</section>
<h2>Operations × actions</h2>
<p class="meta">Each cell is one action value of an operation, coloured by its worst check; hover for the counts per check, click a red one for its failure.</p>
${matrix(r, checks)}
${list("failures", "Failing entries", gate)}
${list("warnings", "Warning entries", warnings)}
${list("known", "Known entries (baseline)", known)}
${r.baseline?.fixed.length ? html`<h2>Fixed since the baseline (${r.baseline.fixed.length})</h2><p>These entries of <code>${r.baseline.file}</code> no longer fail: remove them (or run with <code>--update-baseline</code>).</p><ul id="fixed">${r.baseline.fixed.map((fp) => html`<li><code>${fp}</code></li>`)}</ul>` : ""}
<h2>Coverage</h2>
${coverage(r)}
<script>${trusted(SCRIPT)}</script>
</body>
</html>
`);
}
