/**
 * How a fault case of the catalogue is served on the wire (src/generate/faults.ts makes the cases):
 * what the mock is told to do, and how long the kit waits for the SDK's answer.
 */
import type { PlannedCase } from "../generate/case.ts";
import type { RunOptions } from "./options.ts";
import type { MockPort } from "./ports.ts";

/** How long past the SDK's timeout the late answer of a `delay` case comes, and how long the kit waits beyond it. */
const lateBy = (sdkTimeoutMs: number) => Math.max(1_000, sdkTimeoutMs);

/**
 * How the mock serves a planned case: its body, or the failure it injects on the connection (a
 * reset half way through the body, an answer after the SDK's timeout, no answer at all).
 */
export function mockAnswer(planned: PlannedCase, sdkTimeoutMs: number): Parameters<MockPort["answer"]>[1] {
  const answer = { status: planned.status, body: planned.case.body, contentType: planned.contentType };
  if (planned.fault === "reset-mid-body") return { ...answer, fault: { kind: "reset-mid-body" } };
  if (planned.fault === "delay")
    return { ...answer, fault: { kind: "delay", ms: sdkTimeoutMs + lateBy(sdkTimeoutMs) } };
  if (planned.fault === "hang") return { ...answer, fault: { kind: "hang" } };
  return answer;
}

/**
 * The kit's own timeout for one call: the run's, except for the cases that wait for the SDK's
 * timeout, which get a bound of their own (a hung SDK is found out soon after its timeout passes,
 * and a late answer is waited for), whatever --timeout says.
 */
export function callTimeout(
  planned: PlannedCase,
  opts: Pick<RunOptions, "callTimeoutMs">,
  sdkTimeoutMs: number,
): number {
  if (planned.fault === "hang") return sdkTimeoutMs + lateBy(sdkTimeoutMs) * 2;
  if (planned.fault === "delay") return sdkTimeoutMs + lateBy(sdkTimeoutMs) * 3;
  return opts.callTimeoutMs;
}
