import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve, sep } from "node:path";
import type { Report } from "./model.ts";

export const REPORT_FILE = "conformance-report.json";

/** Resolves a file name inside the report folder, refusing names that would escape it. */
export function insideReportDir(reportDir: string, name: string): string {
  const dir = resolve(reportDir);
  const file = resolve(dir, name);
  if (!file.startsWith(dir + sep)) throw new Error(`report file "${name}" would be written outside ${dir}`);
  return file;
}

/** Writes the canonical JSON report atomically (a reader never sees half a file). */
export function writeJsonReport(report: Report, reportDir: string): string {
  mkdirSync(reportDir, { recursive: true });
  const file = insideReportDir(reportDir, REPORT_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`);
  renameSync(tmp, file);
  return file;
}

export { join };
