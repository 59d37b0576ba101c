/**
 * Interrupts of a run (SIGINT, SIGTERM, SIGHUP). The first stops the run: no new case starts, the
 * target's process group is stopped, the partial report is written and the run exits as it would
 * (1: incomplete). A second one hurries: every target process is killed at once, and the kit exits
 * at most 2 s later, the report written by then or not (a report being written is waited for, and
 * atomic writes leave no half file and no temporary file). That fits GitHub Actions' cancel
 * sequence: SIGINT, SIGTERM 7.5 s later, SIGKILL 2.5 s after that.
 */
import { killAllTargets } from "../targets/process-groups.ts";
import type { Io } from "./io.ts";

export const INTERRUPT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** After a second interrupt, the kit is gone within this (its wait for the report ends a little earlier, leaving time to exit). */
export const HURRY_BOUND_MS = 2_000;
const WRITE_WAIT_MS = 1_600;

/** Exit code when the bound runs out before the run finished writing. */
export const INTERRUPTED_EXIT = 1;

export interface Interrupts {
  /** Aborted by the first interrupt. */
  signal: AbortSignal;
  /** Stops listening (Node's default handling of the signals applies again). */
  dispose(): void;
}

export function listenForInterrupts(io: Io, exit: (code: number) => void = (c) => process.exit(c)): Interrupts {
  const controller = new AbortController();
  let count = 0;
  const handler = (sig: NodeJS.Signals) => {
    count++;
    if (count === 1) {
      io.err(`conformance: ${sig}: stopping the target and writing the partial report (interrupt again to hurry)`);
      controller.abort(new Error(`interrupted (${sig})`));
      return;
    }
    if (count > 2) return;
    io.err(`conformance: ${sig} again: killing the target now; exiting within ${HURRY_BOUND_MS / 1000} s`);
    killAllTargets();
    setTimeout(() => {
      io.err("conformance: the partial report could not be written in time");
      exit(INTERRUPTED_EXIT);
    }, WRITE_WAIT_MS).unref();
  };
  for (const s of INTERRUPT_SIGNALS) process.on(s, handler);
  return { signal: controller.signal, dispose: () => INTERRUPT_SIGNALS.forEach((s) => process.off(s, handler)) };
}
