/**
 * Text that comes from a target (an adapter's error message, its stderr, a server's output) is
 * redacted first and cut afterwards, so a secret is never cut in two and half of it kept. What is
 * kept is capped: a target cannot grow the kit's memory or its reports with one huge message.
 */
import type { SdkOutcome } from "../model/observed.ts";

/** Adapter and server messages are stored at most this long (characters, after redaction). */
export const MAX_MESSAGE_CHARS = 4096;

/**
 * Text beyond this is not even scanned (it bounds the cost of redaction). The cut made here is
 * far past what is kept, so a secret split by it never reaches a report.
 */
const MAX_SCANNED_CHARS = 1 << 20;

/** Replaces secrets in a text; the run's redactor, or none. */
export type Redact = (text: string) => string;

const same: Redact = (t) => t;

/** `text` redacted, then cut to `max` characters: its start, or its end for a tail of output. */
export function scrub(
  text: string,
  redact: Redact = same,
  max = MAX_MESSAGE_CHARS,
  keep: "start" | "end" = "start",
): string {
  const scanned =
    text.length <= MAX_SCANNED_CHARS
      ? text
      : keep === "start"
        ? text.slice(0, MAX_SCANNED_CHARS)
        : text.slice(-MAX_SCANNED_CHARS);
  const clean = redact(scanned);
  if (clean.length <= max && scanned === text) return clean;
  const more = `… (${text.length} characters, cut)`;
  return keep === "start"
    ? `${clean.slice(0, Math.max(0, max - more.length))}${more}`
    : `${more.replace(/^… /, "")} …${clean.slice(-Math.max(0, max - more.length))}`;
}

/**
 * An outcome with the SDK's own texts (its message, the body and cause its error keeps) redacted
 * and capped: they are foreign text like every target message.
 */
export function scrubOutcome(outcome: SdkOutcome, redact: Redact = same): SdkOutcome {
  if (outcome.kind === "unsupported" && outcome.message !== undefined)
    return { ...outcome, message: scrub(outcome.message, redact) };
  if (outcome.kind !== "error") return outcome;
  return {
    ...outcome,
    message: scrub(outcome.message, redact),
    ...(outcome.body !== undefined ? { body: scrub(outcome.body, redact) } : {}),
    ...(outcome.cause !== undefined ? { cause: scrub(outcome.cause, redact) } : {}),
  };
}
