import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import type { ReportFormat } from "../config/load.ts";
import { renderHtml } from "./html.ts";
import { renderJunit } from "./junit.ts";
import { renderMarkdown } from "./markdown.ts";
import type { Report } from "./model.ts";

export const REPORT_FILE = "conformance-report.json";

/** File name of each format inside the report folder. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  json: REPORT_FILE,
  junit: "conformance-report.junit.xml",
  md: "conformance-report.md",
  html: "conformance-report.html",
};

const RENDER: Record<ReportFormat, (r: Report) => string> = {
  json: (r) => `${JSON.stringify(r, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
  junit: renderJunit,
  md: renderMarkdown,
  html: renderHtml,
};

/** Resolves a file name inside the report folder, refusing names that would escape it. */
export function insideReportDir(reportDir: string, name: string): string {
  const dir = resolve(reportDir);
  const file = resolve(dir, name);
  if (!file.startsWith(dir + sep)) throw new Error(`report file "${name}" would be written outside ${dir}`);
  return file;
}

/** Writes a file atomically: a reader (or a CI artifact upload) never sees half of it. */
export function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

/**
 * Writes the report in each format. JSON comes first and always: replay, merge and baselines read
 * it, and a renderer that throws must not cost the canonical report.
 */
export function writeReports(report: Report, reportDir: string, formats: readonly ReportFormat[]): Partial<Record<ReportFormat, string>> {
  mkdirSync(reportDir, { recursive: true });
  const files: Partial<Record<ReportFormat, string>> = {};
  const problems: string[] = [];
  for (const f of ["json", ...formats.filter((x) => x !== "json")] as ReportFormat[]) {
    const file = insideReportDir(reportDir, REPORT_FILES[f]);
    try {
      writeAtomic(file, RENDER[f](report));
      files[f] = file;
    } catch (e) {
      if (f === "json") throw e;
      problems.push(`${f}: ${(e as Error).message}`);
    }
  }
  if (problems.length) throw new Error(`the JSON report is at ${files.json}, but some formats could not be written (${problems.join("; ")})`);
  return files;
}
