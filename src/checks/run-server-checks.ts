import type { CheckResult, ServerObservation } from "./observation.ts";
import type { CheckOptions } from "./run-checks.ts";
import { SERVER_CHECKS } from "./server/checks.ts";
import type { ServerCheck, Verdict } from "./server/common.ts";

/** Worst first: one failing step fails the check for the case. */
const RANK: Record<Verdict["status"], number> = { error: 0, fail: 1, warn: 2, pass: 3, skip: 4 };

/**
 * The views a case is judged in. After a user page (a later follow-up with a completion step)
 * there are two answers: the page, judged by the action's own rule, and the answer to the
 * completion, judged by the rule of the follow-up the server called.
 */
function views(o: ServerObservation): Array<{ o: ServerObservation; label?: string }> {
  if (!o.completion) return [{ o }];
  const page: ServerObservation = { ...o, followUp: undefined, completion: undefined };
  const done: ServerObservation = { ...o, answer: o.completion.answer };
  return [
    { o: page, label: "the page" },
    { o: done, label: "after the user completed the page" },
  ];
}

function judge(c: ServerCheck, o: ServerObservation): Verdict {
  let best: Verdict | undefined;
  for (const v of views(o)) {
    const r = c.run(v.o);
    const labelled = v.label && r.status === "fail" && r.message ? { ...r, message: `${v.label}: ${r.message}` } : r;
    if (!best || RANK[labelled.status] < RANK[best.status]) best = labelled;
  }
  return best!;
}

/** Runs every server check on one observation; a check that throws yields `error` for itself. */
export function runServerChecks(o: ServerObservation, opts: CheckOptions = {}): CheckResult[] {
  return SERVER_CHECKS.filter((c) => opts.severity?.[c.name] !== "off").map((c) => {
    const severity = opts.severity?.[c.name] ?? c.severity;
    try {
      const r = judge(c, o);
      return { check: c.name, ...r, status: r.status === "fail" && severity === "warn" ? "warn" : r.status };
    } catch (e) {
      return { check: c.name, status: "error", message: `the check itself failed: ${(e as Error).message}` };
    }
  });
}
