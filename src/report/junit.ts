import type { OperationReport, Report, ReportFailure, StatusCounts } from "./model.ts";
import { failsGate } from "./verdict.ts";

/**
 * JUnit XML in the Ant/Jenkins dialect that GitHub Actions reporters, GitLab and Jenkins read:
 * one testsuite per operation, one testcase per action × check. schemas/junit.xsd describes
 * exactly what this emits.
 */

// XML 1.0 forbids most control characters even as references: make them visible instead.
const FORBIDDEN =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const visible = (s: string) => s.replace(FORBIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
export const xmlText = (s: string) => visible(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const attr = (s: string) =>
  xmlText(s).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");

const MAX_BODY = 4096;
const json = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x), 2);
const seconds = (ms: number) => (Math.max(0, ms) / 1000).toFixed(3);

/** The full text of a failure: what a developer needs without opening another file. */
function failureText(f: ReportFailure): string {
  const body =
    f.body.length > MAX_BODY
      ? `${f.body.slice(0, MAX_BODY)}\n… (${f.body.length - MAX_BODY} more characters in the JSON report)`
      : f.body;
  return [
    f.message,
    ...(f.path ? [`at ${f.path}`] : []),
    ...(f.expected !== undefined ? [`expected: ${json(f.expected)}`] : []),
    ...(f.actual !== undefined ? [`actual: ${json(f.actual)}`] : []),
    ...(f.note ? [`note: ${f.note}`] : []),
    `case: ${f.caseId} (${f.variant})${f.occurrences > 1 ? `, ${f.occurrences} cases in all` : ""}`,
    `body: ${body}`,
    `replay: ${f.replay}`,
  ].join("\n");
}

interface Case {
  name: string;
  /** Seconds: the time the target spent on the cases of this action, shared among its checks. */
  time?: number;
  /** failure / error element, skipped, or a note in system-out. */
  outcome:
    | { kind: "pass"; note?: string }
    | { kind: "failure" | "error"; message: string; text: string }
    | { kind: "skipped"; message: string };
}

const only = (counts: StatusCounts, status: keyof StatusCounts) =>
  Object.entries(counts).every(([s, n]) => s === status || !n);

function operationCases(op: OperationReport, failures: ReportFailure[], strict: boolean): Case[] {
  if (op.unsupported)
    return [{ name: "(operation)", outcome: { kind: "skipped", message: op.skipReason ?? "not run" } }];
  const cases: Case[] = [];
  for (const action of Object.keys(op.actions).sort()) {
    const checks = op.actions[action]!;
    const time = (op.ms?.[action] ?? 0) / 1000 / Math.max(1, Object.keys(checks).length);
    for (const check of Object.keys(checks).sort()) {
      const name = action === "(none)" ? check : `${check} · action ${action}`;
      const mine = failures.filter((f) => f.check === check && (f.action ?? "(none)") === action);
      const gate = mine.filter((f) => failsGate(f, strict));
      if (gate.length) {
        const error = gate.every((f) => f.severity === "error");
        cases.push({
          name,
          time,
          outcome: {
            kind: error ? "error" : "failure",
            message: gate[0]!.message.split("\n")[0]!,
            text: gate.map(failureText).join("\n\n"),
          },
        });
      } else if (mine.length) {
        const note = mine
          .map(
            (f) =>
              `${f.baselined ? "known failure (listed in the baseline)" : "warning (does not fail the gate without --strict)"}: ${failureText(f)}`,
          )
          .join("\n\n");
        cases.push({ name, time, outcome: { kind: "pass", note } });
      } else if (only(checks[check]!, "skip"))
        cases.push({
          name,
          time,
          outcome: { kind: "skipped", message: "no case of this action applies to the check" },
        });
      else cases.push({ name, time, outcome: { kind: "pass" } });
    }
  }
  return cases;
}

function testcase(classname: string, c: Case): string {
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(classname)}" time="${(c.time ?? 0).toFixed(3)}"`;
  const o = c.outcome;
  switch (o.kind) {
    case "pass":
      return o.note ? `${open}>\n      <system-out>${xmlText(o.note)}</system-out>\n    </testcase>` : `${open}/>`;
    case "skipped":
      return `${open}>\n      <skipped message="${attr(o.message)}"/>\n    </testcase>`;
    default:
      return `${open}>\n      <${o.kind} message="${attr(o.message)}" type="${o.kind === "error" ? "conformance.error" : "conformance.failure"}">${xmlText(o.text)}</${o.kind}>\n    </testcase>`;
  }
}

interface Suite {
  name: string;
  cases: Case[];
}

function suite(s: Suite, id: number, timestamp: string, classname: string): string {
  const count = (k: Case["outcome"]["kind"]) => s.cases.filter((c) => c.outcome.kind === k).length;
  return [
    `  <testsuite name="${attr(s.name)}" id="${id}" tests="${s.cases.length}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}" time="${s.cases.reduce((t, c) => t + (c.time ?? 0), 0).toFixed(3)}" timestamp="${timestamp}">`,
    ...s.cases.map((c) => testcase(classname === "" ? `conformance.${s.name}` : classname, c)),
    "  </testsuite>",
  ].join("\n");
}

export function renderJunit(report: Report): string {
  const suites: Suite[] = report.operations.map((op) => ({
    name: op.operationId,
    cases: operationCases(
      op,
      report.failures.filter((f) => f.operationId === op.operationId),
      report.strict,
    ),
  }));
  const run: Case[] = [];
  if (!report.complete)
    run.push({
      name: "run.complete",
      outcome: {
        kind: "error",
        message: report.incompleteReason ?? "the run stopped early",
        text: `The run did not complete: ${report.incompleteReason ?? "it stopped early"}. Results are partial.`,
      },
    });
  for (const fp of report.baseline?.fixed ?? [])
    run.push({
      name: `baseline ${fp}`,
      outcome: {
        kind: "pass",
        note: `${fp} is listed in ${report.baseline!.file} but no longer fails: remove it from the baseline.`,
      },
    });
  if (run.length) suites.push({ name: "run", cases: run });
  const all = suites.flatMap((s) => s.cases);
  const count = (k: Case["outcome"]["kind"]) => all.filter((c) => c.outcome.kind === k).length;
  // Timestamps without zone or fraction: the XSD type every JUnit consumer accepts.
  const timestamp = new Date(report.startedAt).toISOString().slice(0, 19);
  const elapsed = seconds(Date.parse(report.finishedAt) - Date.parse(report.startedAt));
  const title = `conformance ${report.target.kind} ${report.target.spec} (seed ${report.seed}${report.shard ? `, shard ${report.shard.index}/${report.shard.total}` : ""})`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(title)}" tests="${all.length}" failures="${count("failure")}" errors="${count("error")}" skipped="${count("skipped")}" time="${elapsed}">`,
    ...suites.map((s, k) => suite(s, k, timestamp, s.name === "run" ? "conformance.run" : "")),
    "</testsuites>",
    "",
  ].join("\n");
}
