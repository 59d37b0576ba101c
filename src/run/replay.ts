import { runSdkChecks } from "../checks/run-checks.ts";
import type { CheckResult, SdkObservation } from "../checks/observation.ts";
import { loadProfile } from "../contracts/store.ts";
import { UsageError } from "../errors.ts";
import type { PlannedCase } from "../generate/case.ts";
import { plannedFromId } from "./plan.ts";
import type { RunOptions } from "./options.ts";
import { sdkParts } from "./sdk-target.ts";
import { observe, openLane, TargetStartError } from "./sdk-run.ts";

export interface Replayed {
  planned: PlannedCase;
  observation: SdkObservation;
  results: CheckResult[];
}

/** Re-runs exactly one case against an SDK target and checks it again. */
export async function replaySdkCase(opts: Pick<RunOptions, "sdk" | "sdkCwd" | "sdkEnv" | "profile" | "callTimeoutMs">, caseId: string): Promise<Replayed> {
  const operationId = caseId.split("~")[0]!;
  const contract = loadProfile(opts.profile).byId.get(operationId);
  if (!contract) throw new UsageError(`replay: "${caseId}" names no operation of profile ${opts.profile}`);
  const planned = plannedFromId(contract, caseId);
  if (typeof planned === "string") throw new UsageError(`replay: ${planned}`);
  const parts = sdkParts({ ...opts } as RunOptions);
  let lane;
  try {
    lane = await openLane(parts);
  } catch (e) {
    if (e instanceof TargetStartError) throw new UsageError(`replay: ${e.message}`);
    throw e;
  }
  try {
    const observation = await observe(lane, contract, planned, opts);
    return { planned, observation, results: runSdkChecks(observation) };
  } finally {
    await Promise.allSettled([lane.adapter.stop(), lane.mock.close()]);
  }
}
