import { accessSync, constants, existsSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve, sep } from "node:path";
import writeFileAtomic from "write-file-atomic";
import type { ReportFormat } from "../config/load.ts";
import { UsageError } from "../errors.ts";
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
  json: (r) => `${JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
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

/**
 * Creates a folder and its missing parents one level at a time. (Node's recursive mkdir loops
 * for ever on some pseudo file systems, e.g. a path under /proc.)
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

/**
 * Checks before a run that its results can be written to `dir`: the folder exists (it is created
 * if missing) and is a writable folder. `what` names the option in the error (exit 2).
 */
export function prepareOutputDir(dir: string, what: string): string {
  const abs = resolve(dir);
  try {
    if (existsSync(abs) && !statSync(abs).isDirectory()) throw new Error("it exists and is not a folder");
    makeDirs(abs);
    accessSync(abs, constants.W_OK);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code
      ? `${(e as NodeJS.ErrnoException).code}: cannot create or write there`
      : (e as Error).message;
    throw new UsageError(`${what} ${dir}: ${reason}`);
  }
  return abs;
}

/** Checks before a run that `file` can be written: its folder is writable (created if missing), and it is not a folder. */
export function prepareOutputFile(file: string, what: string): string {
  const abs = resolve(file);
  if (existsSync(abs) && !statSync(abs).isFile()) throw new UsageError(`${what} ${file}: it exists and is not a file`);
  prepareOutputDir(dirname(abs), `${what} ${file}: its folder`);
  return abs;
}

/**
 * Writes a file atomically (a temporary file renamed over it): a reader or a CI artifact upload
 * never sees half of it, and no temporary file is left behind, even when the write fails or the
 * kit exits during it.
 */
export function writeAtomic(file: string, text: string): void {
  writeFileAtomic.sync(file, text);
}

/** {@link writeAtomic} without blocking: an interrupt can be handled while it runs. */
export function writeAtomicAsync(file: string, text: string): Promise<void> {
  return writeFileAtomic(file, text);
}

/** A pause after each file, for the interrupt tests only (an interrupt that lands mid-write). */
const testPause = () => Number(process.env.CONFORMANCE_TEST_WRITE_PAUSE_MS ?? 0);

function order(formats: readonly ReportFormat[]): ReportFormat[] {
  return ["json", ...formats.filter((x) => x !== "json")];
}

function finish(
  files: Partial<Record<ReportFormat, string>>,
  problems: string[],
): Partial<Record<ReportFormat, string>> {
  if (problems.length)
    throw new Error(
      `the JSON report is at ${files.json}, but some formats could not be written (${problems.join("; ")})`,
    );
  return files;
}

/**
 * Writes the report in each format. JSON comes first and always: replay, merge and baselines read
 * it, and a renderer that throws must not cost the canonical report.
 */
export function writeReports(
  report: Report,
  reportDir: string,
  formats: readonly ReportFormat[],
): Partial<Record<ReportFormat, string>> {
  makeDirs(reportDir);
  const files: Partial<Record<ReportFormat, string>> = {};
  const problems: string[] = [];
  for (const f of order(formats)) {
    const file = insideReportDir(reportDir, REPORT_FILES[f]);
    try {
      writeAtomic(file, RENDER[f](report));
      files[f] = file;
    } catch (e) {
      if (f === "json") throw e;
      problems.push(`${f}: ${(e as Error).message}`);
    }
  }
  return finish(files, problems);
}

/** {@link writeReports} without blocking the event loop, so a second interrupt can bound it. */
export async function writeReportsAsync(
  report: Report,
  reportDir: string,
  formats: readonly ReportFormat[],
): Promise<Partial<Record<ReportFormat, string>>> {
  makeDirs(reportDir);
  const files: Partial<Record<ReportFormat, string>> = {};
  const problems: string[] = [];
  for (const f of order(formats)) {
    const file = insideReportDir(reportDir, REPORT_FILES[f]);
    try {
      await writeAtomicAsync(file, RENDER[f](report));
      files[f] = file;
    } catch (e) {
      if (f === "json") throw e;
      problems.push(`${f}: ${(e as Error).message}`);
    }
    if (testPause()) await new Promise((r) => setTimeout(r, testPause()));
  }
  return finish(files, problems);
}
