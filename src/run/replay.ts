import { runSdkChecks } from "../checks/run-checks.ts";
import type { CheckResult, SdkObservation } from "../checks/observation.ts";
import { loadProfile } from "../contracts/store.ts";
import { UsageError } from "../errors.ts";
import type { PlannedCase } from "../generate/case.ts";
import { plannedFromId } from "./plan.ts";
import type { RunOptions } from "./options.ts";
import { sdkParts } from "./sdk-target.ts";
import { controlOf, observe, openLane, TargetStartError } from "./sdk-run.ts";

export interface Replayed {
  planned: PlannedCase;
  observation: SdkObservation;
  results: CheckResult[];
  /** For a deviation: its control, the same body without the deviation, run first as in a run. */
  control?: { planned: PlannedCase; observation: SdkObservation };
}

/** Re-runs exactly one case against an SDK target and checks it again. */
export async function replaySdkCase(
  opts: Pick<RunOptions, "sdk" | "sdkCwd" | "sdkEnv" | "profile" | "callTimeoutMs">,
  caseId: string,
): Promise<Replayed> {
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
    const controlCase = planned.fault ? undefined : controlOf(contract, planned.case);
    const control = controlCase
      ? {
          planned: { ...planned, case: controlCase },
          observation: await observe(lane, contract, { ...planned, case: controlCase }, opts),
        }
      : undefined;
    const observation = await observe(
      lane,
      contract,
      planned,
      opts,
      control && { caseId: control.planned.case.id, outcome: control.observation.outcome },
    );
    return { planned, observation, results: runSdkChecks(observation), ...(control ? { control } : {}) };
  } finally {
    await Promise.allSettled([lane.adapter.stop(), lane.mock.close()]);
  }
}
