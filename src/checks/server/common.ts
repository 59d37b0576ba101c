import type { ActionRule } from "../../contracts/model.ts";
import { parseLossless, isJsonObject } from "../../json/lossless.ts";
import type { CheckResult, ServerObservation } from "../observation.ts";

export type Verdict = Omit<CheckResult, "check">;

/** A server check: a pure function of one server observation. */
export interface ServerCheck {
  name: string;
  severity: "fail" | "warn";
  run(o: ServerObservation): Verdict;
}

/** The rule that decides the final answer: the follow-up's when the first action defers to it. */
export function effectiveRule(o: ServerObservation): ActionRule | undefined {
  return o.followUp ? o.followUp.rule : o.rule;
}

/** The answer was to an action nobody documents: the first call's, or the follow-up call's. */
export const unknownActionServed = (o: ServerObservation): boolean =>
  o.case.variant === "unknown-action" || (o.followUp !== undefined && o.followUp.rule === undefined);

/**
 * An error answer no rule covers: to an unknown action, to an upstream failure, or a 5xx where no
 * documented action applies. The rules say nothing about these, so they are judged for hygiene.
 */
export function undocumentedError(o: ServerObservation): boolean {
  const a = answered(o);
  if (!a) return false;
  if (o.served.fault || unknownActionServed(o)) return true;
  return a.status >= 500 && !effectiveRule(o);
}

/**
 * Every error answer whose body must be clean (server.error-answer): the undocumented ones, and
 * any other 5xx that is not the documented action's own answer (a crash while handling it).
 */
export function errorAnswerCase(o: ServerObservation): boolean {
  if (undocumentedError(o)) return true;
  const a = answered(o);
  if (!a || a.status < 500) return false;
  const rule = effectiveRule(o);
  if (rule && rule.status === a.status) return false;
  // A documented action's own body with a wrong status is server.status's to judge.
  const content = rule?.body === "responseContent" ? effectiveBody(o)?.responseContent : undefined;
  return !(typeof content === "string" && a.body === content);
}

/** The Authlete body behind the final answer (the follow-up's when there is one). */
export function effectiveBody(o: ServerObservation): Record<string, unknown> | undefined {
  try {
    const v = parseLossless(o.followUp?.body ?? o.served.body);
    return isJsonObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The answer, or a skip when the server gave none (server.alive reports that). */
export function answered(
  o: ServerObservation,
): { status: number; headers: Record<string, string>; body: string } | undefined {
  return "error" in o.answer ? undefined : o.answer;
}

export const skip = (message: string): Verdict => ({ status: "skip", message });
export const fail = (received: string, documented: string, extra: Partial<Verdict> = {}): Verdict => ({
  status: "fail",
  message: `Received: ${received}\nDocumented: ${documented}`,
  ...extra,
});

/** Guard for checks that judge a documented action's answer. */
export function ruleCase(
  o: ServerObservation,
): { rule: ActionRule; a: NonNullable<ReturnType<typeof answered>> } | Verdict {
  const rule = effectiveRule(o);
  if (o.served.fault || o.case.variant !== "conforming" || !rule || o.probe) return skip("only for documented actions");
  const a = answered(o);
  if (!a) return skip("no answer (see server.alive)");
  return { rule, a };
}

export const isVerdict = (x: unknown): x is Verdict =>
  typeof x === "object" && x !== null && "status" in x && typeof (x as Verdict).status === "string";

/**
 * Causal order: a 5xx where the documented answer is not one means the server failed to handle the
 * action. Its body, headers and follow-up are consequences: server.status (and server.error-answer)
 * own the failure, the other answer checks skip with that reason.
 */
export function failedToHandle(o: ServerObservation): string | undefined {
  const rule = effectiveRule(o);
  const a = answered(o);
  if (!rule || !a || o.served.fault || o.case.variant !== "conforming" || o.probe) return undefined;
  return a.status >= 500 && rule.status !== null && rule.status < 500
    ? `the server answered ${a.status} where ${rule.status} is documented for ${rule.value} (see server.status)`
    : undefined;
}

/** A rule case whose answer is not a failure to handle the action (see failedToHandle). */
export function answerCase(o: ServerObservation): ReturnType<typeof ruleCase> {
  const failed = failedToHandle(o);
  return failed ? skip(failed) : ruleCase(o);
}

/** Fills `{field}` placeholders of a header template from the Authlete body; `{*}` stays a wildcard. */
export function expectedHeader(template: string, body: Record<string, unknown> | undefined): string | undefined {
  if (template === "{*}") return "{*}";
  const m = /^(.*)\{(\w+)\}(.*)$/.exec(template);
  if (!m) return template;
  const v = body?.[m[2]!];
  return typeof v === "string" ? `${m[1]}${v}${m[3]}` : undefined;
}
