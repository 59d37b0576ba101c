/**
 * A kit update must not change the bytes generated for a given case id: reports and baselines
 * store ids, and replaying them later must give the same bodies. Snapshots a digest per operation.
 */
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { loadProfile } from "../src/contracts/store.ts";
import { coverageCases, randomCases } from "../src/generate/cases.ts";
import { operationSeed } from "../src/generate/id.ts";

it("generates the same bytes for the same ids as when the snapshot was taken", () => {
  // Coverage and random cases apart: a new coverage plan changes the first, never the second.
  const digests: Record<string, string> = {};
  const digest = (cases: Array<{ id: string; body: string }>) =>
    cases
      .reduce((h, k) => h.update(`${k.id}\n${k.body}\n`), createHash("sha256"))
      .digest("hex")
      .slice(0, 16);
  for (const c of loadProfile("authlete-3.0.16").contracts) {
    digests[`${c.operationId} coverage`] = digest(coverageCases(c));
    digests[`${c.operationId} random`] = digest(randomCases(c, { seed: operationSeed(42, c.operationId), count: 5 }));
  }
  expect(digests).toMatchSnapshot();
});
