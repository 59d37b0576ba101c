/** Type-confusion cases in a whole run: judged against their coverage controls, which are served once. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { confusionCount } from "../generate/confusion.ts";
import { RUN_DEFAULTS } from "./options.ts";
import { runSdkTarget } from "./sdk-target.ts";
import type { RunEvent } from "./options.ts";

it("serves each wrong-type case once, its control not again, and judges it under sdk.type-confusion alone", async () => {
  const events: RunEvent[] = [];
  const report = await runSdkTarget(
    {
      ...RUN_DEFAULTS,
      sdk: "fixtures/sdk/reference",
      operations: ["auth_token_api"],
      runs: 1,
      variantRuns: 2,
      seed: 7,
      reportDir: mkdtempSync(join(tmpdir(), "conformance-confusion-")),
      concurrency: 1,
    },
    { kitVersion: "test", onEvent: (e) => events.push(e) },
  );
  const started = events.find((e) => e.type === "started");
  // The progress total counts every case served; a control served again would exceed it.
  expect(started?.type === "started" && started.cases).toBe(report.summary.cases);
  const judged = Object.values(report.operations[0]!.actions).map((checks) => checks["sdk.type-confusion"]);
  const passes = judged.reduce((n, c) => n + (c?.pass ?? 0), 0);
  expect(passes).toBe(confusionCount(loadProfile(RUN_DEFAULTS.profile).byId.get("auth_token_api")!, 2));
  expect(report.failures).toEqual([]);
}, 120_000);
