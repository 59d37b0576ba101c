import { createHash } from "node:crypto";
import type { ReportCause, ReportFailure } from "./model.ts";

/**
 * Root causes: the report's entries (one per check × operation × action × field or fault) grouped
 * by what is wrong, so one defect is one cause however many operations and actions it reaches.
 * Two entries of a check share a cause when they share a place (the path a value check names or
 * isolation found, array indices and generated names stripped), a documented field (`model#property`:
 * one model in several responses), or a normalised error signature (what the target said, values
 * and ids stripped). Derived from the entries
 * alone, so a merge of shards or a baseline applied afterwards regroups exactly.
 */
export function groupCauses(failures: readonly ReportFailure[], strict: boolean): ReportCause[] {
  const parent = failures.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  failures.forEach((f, i) => {
    for (const key of causeKeys(f)) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, ReportFailure[]>();
  failures.forEach((f, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), f]));
  return [...groups.values()].map((entries) => causeOf(entries, strict)).sort(compareCauses);
}

/** The keys an entry is grouped by (the check is part of each: different checks never share a cause). */
export function causeKeys(f: ReportFailure): string[] {
  const keys: string[] = [];
  if (f.path !== undefined) keys.push(`${f.check}|at:${fieldOf(f.path)}`);
  if (f.model) keys.push(`${f.check}|model:${f.model}`);
  // A named enum type: one closed enum is one defect wherever the type is used.
  if (f.type && f.check === "sdk.fields-preserved") keys.push(`${f.check}|type:${f.type}`);
  if (f.defect) keys.push(`${f.check}|defect:${f.defect}`);
  if (f.signature) keys.push(`${f.check}|said:${f.signature}`);
  // The target's own exception, logged while it failed: one root cause whatever check saw a consequence.
  const crash = crashOf(f.log);
  if (crash) keys.push(`crash:${crash}`);
  for (const c of f.isolated?.culprits ?? [])
    keys.push(
      `${f.check}|at:${fieldOf(c.path)}`,
      ...(c.model ? [`${f.check}|model:${c.model}`] : []),
      ...(c.type ? [`${f.check}|type:${c.type}`] : []),
    );
  if (!keys.length) keys.push(`${f.check}|entry:${f.fingerprint}`);
  return keys;
}

/** The start of an exception report in a target's log (JavaScript, Python, Java, Ruby, Go, Rust). */
const EXCEPTION =
  /^\s*(?:Uncaught )?(?:[\w.$]*(?:Error|Exception)\b|Traceback \(most recent call last\)|panic:|fatal:|thread '.*' panicked)/;

/** The first exception line of a log, with operation names, numbers and quoted values stripped. */
export function crashOf(log: readonly string[] | undefined): string | undefined {
  const line = log?.find((l) => EXCEPTION.test(l));
  return line
    ?.trim()
    .replace(/\b\w+_api\b/g, "<operation>")
    .replace(/(["'`]).*?\1/g, "<v>")
    .replace(/\d+/g, "<n>")
    .slice(0, 240);
}

/** A field, whatever the seed: array indices and generated property names stripped. */
export const fieldOf = (path: string): string =>
  path.replace(/\/\d+(?=\/|$)/g, "/*").replace(/xUnknown[A-Za-z]*/g, "<unknown>");

/** Whether an entry fails the gate: fail and error always, warn only with --strict; never when baselined. */
export function failsGate(f: ReportFailure, strict: boolean): boolean {
  return !f.baselined && (f.severity !== "warn" || strict);
}

const SEVERITY: Record<ReportFailure["severity"], number> = { fail: 0, error: 1, warn: 2 };

function causeOf(entries: ReportFailure[], strict: boolean): ReportCause {
  // A cause seen by several checks (one crash, several consequences) is named by the check that saw it most.
  const count = new Map<string, number>();
  for (const e of entries) count.set(e.check, (count.get(e.check) ?? 0) + e.occurrences);
  const checks = [...count].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([c]) => c);
  // The example: one of that check's entries, an isolated one first, then the smallest body.
  const example = entries
    .filter((e) => e.check === checks[0])
    .sort(
      (a, b) =>
        Number(!!b.isolated?.culprits.length) - Number(!!a.isolated?.culprits.length) ||
        a.body.length - b.body.length ||
        a.fingerprint.localeCompare(b.fingerprint),
    )[0]!;
  const severity = entries.map((e) => e.severity).sort((a, b) => SEVERITY[a] - SEVERITY[b])[0]!;
  const affects = new Map<string, Set<string>>();
  for (const e of entries)
    affects.set(e.operationId, (affects.get(e.operationId) ?? new Set()).add(e.action ?? "(none)"));
  const keys = entries.flatMap(causeKeys).sort();
  const culprit = example.isolated?.culprits[0];
  const open = entries.filter((e) => !e.baselined);
  return {
    id: createHash("sha256").update(keys[0]!).digest("hex").slice(0, 8),
    check: example.check,
    ...(checks.length > 1 ? { checks } : {}),
    severity,
    title: titleOf(example),
    ...(culprit ? { culprit } : {}),
    ...(example.signature ? { signature: example.signature } : {}),
    affects: [...affects]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([operationId, actions]) => ({ operationId, actions: [...actions].sort() })),
    cases: entries.reduce((n, e) => n + e.occurrences, 0),
    entries: entries.map((e) => e.fingerprint).sort(),
    example: example.fingerprint,
    ...(open.length === 0 ? { baselined: true as const } : {}),
    failsGate: open.some((e) => failsGate(e, strict)),
  };
}

/** A cause in one line: the check, then where it fails (the culprit) or what the target said. */
export function titleOf(f: ReportFailure): string {
  const culprits = f.isolated?.culprits ?? [];
  const received = (f.message.split("\n")[0] ?? "").replace(/^Received: /, "");
  // A behaviour on many fields is named as such; a value check names its field itself; isolation
  // names the culprit of what the target said.
  if (f.defect) return `${f.check}: ${f.defect}${f.path !== undefined ? `, e.g. at ${fieldOf(f.path)}` : ""}`;
  if (f.path !== undefined)
    return `${f.check} at ${fieldOf(f.path)}${f.model ? ` (${f.model})` : ""}: ${received.slice(0, 120)}`;
  if (culprits.length)
    return `${f.check}: ${received.slice(0, 120)}, when ${culprits.map((c) => describeValue(c.path, c.value)).join(" and ")}`;
  return `${f.check}: ${received.slice(0, 160)}`;
}

/** "/a/b is an object", "/c = \"x\"". */
export function describeValue(path: string, value: unknown): string {
  if (value === null) return `${path} is null`;
  if (Array.isArray(value)) return `${path} is ${value.length ? "an array" : "an empty array"}`;
  if (typeof value === "object") return `${path} is ${Object.keys(value).length ? "an object" : "an empty object"}`;
  const text =
    typeof value === "string" ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
  return `${path} = ${text}`;
}

export function compareCauses(a: ReportCause, b: ReportCause): number {
  return (
    Number(b.failsGate) - Number(a.failsGate) ||
    SEVERITY[a.severity] - SEVERITY[b.severity] ||
    b.affects.length - a.affects.length ||
    a.check.localeCompare(b.check) ||
    a.id.localeCompare(b.id)
  );
}
