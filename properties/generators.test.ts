/**
 * Laws every compiled contract's generators obey (the fast-check ArbitraryAssertions idea):
 * same seed → same bytes; conforming bodies are ajv-valid, also after shrinking; coverage goals
 * are all met within the default budget; non-conforming variants deviate where they say.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadProfile } from "../src/contracts/store.ts";
import { coverageCases, randomCases, caseFromRef } from "../src/generate/cases.ts";
import { measureCoverage } from "../src/generate/coverage.ts";
import { operationSeed, parseCaseId } from "../src/generate/id.ts";
import { shrinkCase } from "../src/generate/shrink.ts";
import { variantsOf } from "../src/generate/variants.ts";
import { specSchema } from "../src/generate/spec-schema.ts";
import { parseLossless } from "../src/json/lossless.ts";
import { validateText } from "../src/schema/validate.ts";

const profile = loadProfile("authlete-3.0.16");
const DEFAULT_BUDGET = 100;
const isJson = (id: string) => profile.byId.get(id)!.response.contentType === "application/json";

describe.each(profile.contracts.map((c) => [c.operationId, c] as const))("%s", (id, contract) => {
  const seed = operationSeed(20261124, id);

  it("generates byte-identical cases for the same seed", () => {
    const a = [...coverageCases(contract), ...randomCases(contract, { seed, count: 15 })];
    const b = [...coverageCases(contract), ...randomCases(contract, { seed, count: 15 })];
    expect(b.map((c) => c.id + c.body)).toEqual(a.map((c) => c.id + c.body));
  });

  it("meets every coverage goal within its default budget, with valid bodies", () => {
    const cov = coverageCases(contract);
    expect(cov.length).toBeLessThanOrEqual(DEFAULT_BUDGET);
    const random = randomCases(contract, { seed, count: DEFAULT_BUDGET - cov.length });
    for (const c of [...cov, ...random]) {
      if (isJson(id)) expect(validateText(contract.response.schema!, c.body), c.id).toEqual([]);
    }
    if (isJson(id)) {
      const m = measureCoverage(
        contract,
        cov.map((c) => parseLossless(c.body)),
      );
      expect(m.missing).toEqual([]);
      expect(m.percent).toBe(100);
    }
  });

  it("labels every non-conforming variant where it deviates", () => {
    for (const variant of variantsOf(contract).filter((v) => v !== "conforming")) {
      for (const c of randomCases(contract, { seed, count: 5, variant })) {
        expect(c.variant).toBe(variant);
        expect(c.deviation, c.id).toBeDefined();
        // Judged against the spec's own schema: an action value documented only by
        // authlete-java-common widens the contract's enum, not the spec's.
        const issues = validateText(specSchema(contract)!, c.body);
        // An unknown property is allowed by the schema (additionalProperties defaults to true);
        // the others must be rejected exactly at the deviation.
        if (variant === "unknown-field") expect(issues, c.id).toEqual([]);
        else
          expect(
            issues.map((i) => i.path),
            c.id,
          ).toContain(c.deviation);
      }
    }
  });
});

describe("replay", () => {
  const contract = profile.byId.get("auth_token_api")!;

  it("rebuilds any case from its id alone", () => {
    const cases = [
      ...coverageCases(contract),
      ...randomCases(contract, { seed: 7, count: 10 }),
      ...randomCases(contract, { seed: 7, count: 3, variant: "unknown-action" }),
    ];
    for (const c of cases) {
      const ref = parseCaseId(c.id);
      expect(typeof ref, c.id).toBe("object");
      expect(caseFromRef(contract, ref as Exclude<typeof ref, string>)).toMatchObject({ id: c.id, body: c.body });
    }
  });

  it("shrinks a failure to a minimal valid body and replays every prefix of its path", async () => {
    // A made-up defect: any int64 beyond 2^53 "fails". The minimal counterexample keeps one such value.
    const fails = async (c: { body: string }) => /\d{17,}/.test(c.body);
    const start = randomCases(contract, { seed: 3, count: 50 }).find((c) => /\d{17,}/.test(c.body))!;
    expect(start).toBeDefined();
    const shrunk = (await shrinkCase(contract, parseCaseId(start.id) as never, fails))!;
    expect(shrunk.steps).toBeGreaterThan(0);
    expect(shrunk.case.body.length).toBeLessThan(start.body.length);
    expect(validateText(contract.response.schema!, shrunk.case.body)).toEqual([]);
    expect(Object.keys(JSON.parse(shrunk.case.body))).toHaveLength(1);
    const path = (parseCaseId(shrunk.case.id) as { path: string }).path.split(":");
    for (let k = 1; k <= path.length; k++) {
      const prefix = { ...(parseCaseId(shrunk.case.id) as object), path: path.slice(0, k).join(":") };
      const replayed = caseFromRef(contract, prefix as never);
      expect(typeof replayed).toBe("object");
      expect(validateText(contract.response.schema!, (replayed as { body: string }).body)).toEqual([]);
    }
    expect(caseFromRef(contract, parseCaseId(shrunk.case.id) as never)).toMatchObject({ body: shrunk.case.body });
  });
});

describe("the validity check can fail", () => {
  it("rejects deliberately broken bodies", () => {
    const s = profile.byId.get("auth_token_api")!.response.schema!;
    fc.assert(
      fc.property(
        fc.constantFrom(
          '{"action":"NOPE"}',
          '{"accessTokenExpiresAt":"soon"}',
          '{"scopes":"a"}',
          '{"accessTokenExpiresAt":9223372036854775808}',
          '{"clientIdAliasUsed":1}',
          "[]",
        ),
        (body) => {
          expect(validateText(s, body)).not.toEqual([]);
        },
      ),
    );
  });
});
