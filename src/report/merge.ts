import type { Report, StatusCounts } from "./model.ts";
import { compareFailures, verdict } from "./verdict.ts";

const STATUSES = ["pass", "fail", "warn", "skip", "error"] as const;

function addCounts(into: StatusCounts, from: StatusCounts): void {
  for (const s of STATUSES) if (from[s]) into[s] = (into[s] ?? 0) + from[s];
}

/** A problem that makes shard reports unmergeable, phrased for the person who ran them. */
export class MergeError extends Error {
  override name = "MergeError";
}

/**
 * Combines the shard reports of one run (`--shard i/n`, same seed and settings) into the report
 * an unsharded run would have written: operations in profile order, failures in report order,
 * totals summed, the verdict recomputed. Refuses shards of different runs, duplicates and gaps.
 */
export function mergeReports(reports: Report[], operationOrder: readonly string[]): Report {
  if (!reports.length) throw new MergeError("nothing to merge");
  const first = reports[0]!;
  const total = first.shard?.total;
  if (!total)
    throw new MergeError(`report 1 is not a shard (it has no "shard"); merge combines the reports of --shard i/n runs`);
  const same = (r: Report) => ({
    profile: r.profile,
    seed: r.seed,
    runs: r.runs,
    strict: r.strict,
    target: `${r.target.kind} ${r.target.spec}`,
    kit: r.kit.version,
    total: r.shard?.total,
    baseline: r.baseline?.file,
  });
  const key = JSON.stringify(same(first));
  const seen = new Map<number, number>();
  reports.forEach((r, i) => {
    if (r.format !== "conformance-report" || r.version !== first.version)
      throw new MergeError(`report ${i + 1} is not a conformance report of version ${first.version}`);
    if (JSON.stringify(same(r)) !== key) {
      const a = same(first) as Record<string, unknown>;
      const b = same(r) as Record<string, unknown>;
      const diff = Object.keys(a)
        .filter((k) => a[k] !== b[k])
        .map((k) => `${k} ${JSON.stringify(b[k])} vs ${JSON.stringify(a[k])}`);
      throw new MergeError(`report ${i + 1} is from another run than report 1 (${diff.join(", ")})`);
    }
    const idx = r.shard!.index;
    if (seen.has(idx))
      throw new MergeError(`shard ${idx}/${total} given twice (reports ${seen.get(idx)! + 1} and ${i + 1})`);
    seen.set(idx, i);
  });
  const missing = Array.from({ length: total }, (_, k) => k + 1).filter((k) => !seen.has(k));
  if (missing.length)
    throw new MergeError(
      `missing shard${missing.length > 1 ? "s" : ""} ${missing.map((k) => `${k}/${total}`).join(", ")}`,
    );

  const rank = new Map(operationOrder.map((id, k) => [id, k]));
  const operations = reports
    .flatMap((r) => r.operations)
    .sort(
      (a, b) =>
        (rank.get(a.operationId) ?? Infinity) - (rank.get(b.operationId) ?? Infinity) ||
        a.operationId.localeCompare(b.operationId),
    );
  const failures = reports.flatMap((r) => r.failures).sort(compareFailures);
  const results: StatusCounts = {};
  for (const r of reports) addCounts(results, r.summary.results);
  const incomplete = reports
    .filter((r) => !r.complete)
    .map((r) => `shard ${r.shard!.index}/${total}: ${r.incompleteReason ?? "incomplete"}`);
  const complete = incomplete.length === 0;
  const judged = verdict(failures, {
    strict: first.strict,
    complete,
    startFailed: reports.some((r) => r.summary.exitCode === 2),
  });
  const merged: Report = {
    ...first,
    shard: null,
    target: { ...first.target },
    startedAt: reports.map((r) => r.startedAt).sort()[0]!,
    finishedAt: reports
      .map((r) => r.finishedAt)
      .sort()
      .at(-1)!,
    complete,
    summary: {
      operations: operations.length,
      cases: reports.reduce((n, r) => n + r.summary.cases, 0),
      results,
      ...judged.summary,
    },
    operations,
    causes: judged.causes,
    failures: judged.failures,
  };
  if (complete) delete merged.incompleteReason;
  else merged.incompleteReason = incomplete.join("; ");
  if (first.baseline) {
    merged.baseline = {
      file: first.baseline.file,
      listed: first.baseline.listed,
      matched: failures.filter((f) => f.baselined).length,
      fixed: reports.flatMap((r) => r.baseline?.fixed ?? []).sort(),
    };
  }
  return merged;
}
