import { runSdkChecks } from "../checks/run-checks.ts";
import { loadProfile } from "../contracts/store.ts";
import { startMock } from "../mock/server.ts";
import type { Report } from "../report/model.ts";
import type { Redactor } from "../report/redact.ts";
import { openSdkAdapter } from "../targets/target-spec.ts";
import { generateRequest } from "../generate/request.ts";
import { SDK_TIMEOUT_MS, type RunEvent, type RunOptions } from "./options.ts";
import type { RunParts } from "./ports.ts";
import { runSdk } from "./sdk-run.ts";

/** Binds the concrete mock, adapters and checks to the engine. */
export function sdkParts(opts: RunOptions): RunParts {
  const contracts = loadProfile(opts.profile).contracts;
  return {
    async startMock(credentials) {
      // A run records auth problems for sdk.request-conforms and answers anyway, so a missing
      // Bearer fails that check only instead of every check of the case.
      const m = await startMock({ contracts, credentials, enforceAuth: false });
      return {
        url: m.url,
        answer: (op, a) => m.setDefault(op, a),
        takeRequests: () => m.takeRequests(),
        close: () => m.close(),
      };
    },
    openAdapter: (redact) =>
      openSdkAdapter(opts.sdk, {
        ...(redact ? { redact } : {}),
        ...(opts.sdkCwd ? { cwd: opts.sdkCwd } : {}),
        ...(opts.sdkEnv ? { env: opts.sdkEnv } : {}),
        ...(opts.sdkStartTimeoutMs ? { startTimeoutMs: opts.sdkStartTimeoutMs } : {}),
        timeoutMs: opts.sdkTimeoutMs ?? SDK_TIMEOUT_MS,
      }),
    buildRequest: generateRequest,
  };
}

/** Runs the SDK checks of DESIGN.md against an `--sdk` target. */
export function runSdkTarget(
  opts: RunOptions,
  hooks: { kitVersion: string; signal?: AbortSignal; onEvent?: (e: RunEvent) => void; redact?: Redactor },
): Promise<Report> {
  return runSdk(opts, sdkParts(opts), {
    ...hooks,
    checks: (obs) => runSdkChecks(obs, opts.checks ? { severity: opts.checks } : {}),
  });
}
