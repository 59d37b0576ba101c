import { DEFAULT_PROFILE } from "../contracts/paths.ts";
import type { Shard } from "./plan.ts";
import type { Invocation } from "./replay-command.ts";

/** Everything one run needs; the CLI and the library API both build this. */
export interface RunOptions {
  /** `--sdk`: a TS/JS adapter module path or a stdio adapter command. */
  sdk: string;
  sdkCwd?: string;
  sdkEnv?: Record<string, string>;
  /** Milliseconds the adapter may take to answer `start` (default 15 s; a JVM is slow to start). */
  sdkStartTimeoutMs?: number;
  profile: string;
  operations?: string[];
  /** Conforming cases per operation (coverage cases always run). */
  runs: number;
  /** Cases per forward-compatibility variant and operation. */
  variantRuns: number;
  seed: number;
  reportDir: string;
  /** Milliseconds one SDK call may take before it counts as a hang. */
  callTimeoutMs: number;
  /**
   * Milliseconds the SDK is to be configured to wait for an answer (sent in the adapter's `start`):
   * the `delay` and `hang` fault cases judge whether it gives up after about this long. Default
   * {@link SDK_TIMEOUT_MS}.
   */
  sdkTimeoutMs?: number;
  /** Parallel lanes (each with its own mock and adapter instance). */
  concurrency: number;
  /** Warnings fail the gate too. */
  strict: boolean;
  /** Run only this shard of the operations (`--shard i/n`). */
  shard?: Shard;
  /** Per check name: `off` disables it, `warn`/`fail` override its severity. */
  checks?: Record<string, "off" | "warn" | "fail">;
  /** How the run was started, for the replay commands it prints (run/replay-command.ts). */
  invocation?: Invocation;
  /**
   * False runs without controls, splits and isolation, as runs were before verdict discipline:
   * the benchmark's baseline for what they cost. Not for gating (verdicts are then not trustworthy).
   */
  discipline?: false;
}

/** The largest delay a Node timer takes (2^31 − 1 ms); a larger one would fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Range of every integer option, the same for flags, the config file (schemas/config-v1.json) and
 * the library API: [minimum, maximum].
 */
export const INTEGER_LIMITS = {
  runs: [1, 1_000_000],
  variantRuns: [0, 100_000],
  timeoutMs: [10, MAX_TIMER_MS],
  sdkTimeoutMs: [50, 600_000],
  readyTimeoutMs: [100, MAX_TIMER_MS],
  concurrency: [1, 64],
  /** `generate --count`. */
  count: [1, 1_000_000_000],
  /** `mock --port`. */
  port: [0, 65_535],
} as const satisfies Record<string, readonly [number, number]>;

/** The timeout SDKs are configured with by default: short, so the cases that wait for it stay cheap. */
export const SDK_TIMEOUT_MS = 1_000;

export const RUN_DEFAULTS = {
  profile: DEFAULT_PROFILE,
  runs: 100,
  variantRuns: 5,
  reportDir: "reports",
  callTimeoutMs: 10_000,
  concurrency: 2,
  strict: false,
} as const;

/** Events a run emits; the CLI turns them into progress lines. The engine never prints. */
export type RunEvent =
  | { type: "started"; operations: number; cases: number; seed: number }
  /** After every case; `failures` is the number of distinct failures found so far. */
  | { type: "case"; operationId: string; failures: number }
  | { type: "operation"; operationId: string; cases: number; failures: number }
  | { type: "warning"; message: string };
