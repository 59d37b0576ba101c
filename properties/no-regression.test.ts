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
  const digests: Record<string, string> = {};
  for (const c of loadProfile("authlete-3.0.16").contracts) {
    const h = createHash("sha256");
    for (const k of [...coverageCases(c), ...randomCases(c, { seed: operationSeed(42, c.operationId), count: 5 })]) h.update(`${k.id}\n${k.body}\n`);
    digests[c.operationId] = h.digest("hex").slice(0, 16);
  }
  expect(digests).toMatchSnapshot();
});
