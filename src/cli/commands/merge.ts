import { REPORT_FORMATS, type ReportFormat } from "../../config/load.ts";
import { loadProfile } from "../../contracts/store.ts";
import { UsageError } from "../../errors.ts";
import { mergeReports, MergeError } from "../../report/merge.ts";
import type { Report } from "../../report/model.ts";
import { summaryText } from "../../report/text.ts";
import { readReport } from "../../report/validate.ts";
import { prepareOutputDir, writeReportsAsync } from "../../report/write.ts";
import { list, parse, str, type Options } from "../args.ts";
import type { Io } from "../io.ts";

export const MERGE_HELP = `Usage: conformance merge <report.json...> [--report-dir DIR] [--format LIST]

Combines the reports of the shards of one run (conformance run --shard i/n, same seed and
settings) into the report an unsharded run writes, in every format. Refuses reports of different
runs, a shard given twice, and missing shards.

Options:
  --report-dir DIR   where the merged reports go (default reports)
  --format LIST      ${REPORT_FORMATS.join(",")} (default all; json is always written)
  --quiet            print only the verdict line

Exit code: the merged run's (0 conforms, 1 failures, 2 a shard could not start its target), or 2
when the reports cannot be merged.
`;

export const MERGE_OPTIONS: Options = {
  "report-dir": { type: "string" },
  format: { type: "string" },
  quiet: { type: "boolean" },
};

export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse("merge", argv, MERGE_OPTIONS);
  if (values.help) return (io.out(MERGE_HELP), 0);
  if (!positionals.length)
    throw new UsageError("merge: give the shard reports to merge (conformance merge a.json b.json ...)");
  const formats = (list(values.format) ?? [...REPORT_FORMATS]) as ReportFormat[];
  for (const f of formats)
    if (!REPORT_FORMATS.includes(f))
      throw new UsageError(`merge: --format: unknown format "${f}" (known: ${REPORT_FORMATS.join(", ")})`);
  // Each report is validated against its schema before anything of it is used.
  const reports = positionals.map(readReport);
  const reportDir = prepareOutputDir(str(values["report-dir"]) ?? "reports", "merge: --report-dir");
  let merged: Report;
  try {
    merged = mergeReports(
      reports,
      loadProfile(reports[0]!.profile).contracts.map((c) => c.operationId),
    );
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(`merge: ${e.message}`);
    throw e;
  }
  const files = await writeReportsAsync(merged, reportDir, formats);
  const text = summaryText(merged);
  io.out(values.quiet ? text.split("\n").at(-1)! : `${text}\nreports: ${Object.values(files).join(", ")}`);
  return merged.summary.exitCode;
}
