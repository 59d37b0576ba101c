import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { parseLossless, type JsonValue } from "../json/lossless.ts";
import { valueAt } from "../schema/body.ts";
import { validateText } from "../schema/validate.ts";
import { caseFromRef, coverageCases, deriveCase } from "./cases.ts";
import { CONFUSION_ROUNDS, confusionCases, confusionCount } from "./confusion.ts";
import { parseCaseId } from "./id.ts";

const profile = loadProfile("authlete-3.0.16");
const token = profile.byId.get("auth_token_api")!;
const typeOf = (v: JsonValue | undefined) => (Array.isArray(v) ? "array" : v === null ? "null" : typeof v);

describe("the type-confusion variant", () => {
  it("serves every optional property of every operation each of its wrong types over the rounds", () => {
    for (const c of profile.contracts) {
      const cases = confusionCases(c, CONFUSION_ROUNDS);
      expect(cases.length, c.operationId).toBe(confusionCount(c, CONFUSION_ROUNDS));
      const seen = new Map<string, Set<string>>();
      const right = new Map<string, JsonValue | undefined>();
      for (const k of cases) {
        const body = parseLossless(k.body);
        const control = deriveCase(c, k, { kind: "control" });
        if (typeof control === "string") throw new Error(control);
        for (const p of k.deviations ?? []) right.set(p, valueAt(parseLossless(control.body), p));
        expect(k.variant).toBe("wrong-type");
        expect(k.deviations?.[0]).toBe(k.deviation);
        for (const p of k.deviations ?? []) {
          const v = valueAt(body, p);
          const key = `${typeOf(v)}${typeof v === "string" && /^\d/.test(v) ? " numeric" : ""}`;
          seen.set(p, (seen.get(p) ?? new Set()).add(key));
        }
      }
      // Four wrong types for a scalar, three for a container (null is the null-not-allowed variant's).
      for (const [p, kinds] of seen) {
        expect(kinds.has(typeOf(right.get(p))), `${c.operationId} ${p}`).toBe(false);
        expect(kinds.size, `${c.operationId} ${p}`).toBe(typeof right.get(p) === "object" ? 3 : 4);
      }
      expect(cases.every((k) => k.deviations?.length)).toBe(true);
    }
  });

  it("serves the values a lenient decoder coerces first, alone with right-typed containers", () => {
    const bodies = confusionCases(token, 1).map((k) => parseLossless(k.body));
    expect(bodies.map((b) => valueAt(b, "/accessTokenDuration")).filter((v) => v !== undefined)).toEqual(["42"]);
    expect(bodies.map((b) => valueAt(b, "/clientIdAliasUsed")).filter((v) => v !== undefined)).toEqual(["true"]);
    expect(bodies.map((b) => valueAt(b, "/subject")).filter((v) => v !== undefined)).toEqual([42]);
    for (const k of confusionCases(token, 1))
      for (const p of k.deviations!)
        expect(typeof valueAt(parseLossless(k.body), p), `${k.id} ${p}`).not.toBe("object");
  });

  it("a numeric string for every integer and a string for every boolean, among them", () => {
    const cases = confusionCases(token, CONFUSION_ROUNDS).map((k) => parseLossless(k.body));
    const at = (p: string) => cases.map((b) => valueAt(b, p)).filter((v) => v !== undefined);
    expect(at("/accessTokenDuration")).toContain("42");
    expect(at("/clientIdAliasUsed")).toContain("true");
    expect(at("/subject")).toContain(42);
  });

  it("has as control the coverage body of its group, byte for byte, so the run serves it once", () => {
    for (const c of profile.contracts) {
      const coverage = new Set(coverageCases(c).map((k) => k.body));
      for (const k of confusionCases(c, 1)) {
        const control = deriveCase(c, k, { kind: "control" });
        if (typeof control === "string") throw new Error(control);
        expect(control.variant).toBe("conforming");
        expect(coverage.has(control.body), `${k.id}~control`).toBe(true);
      }
    }
  });

  it("rebuilds from its id, derived ids included, and keeps only the deviations a derived body holds", () => {
    const [k] = confusionCases(token, 2).slice(-1);
    const again = caseFromRef(token, parseCaseId(k!.id) as Exclude<ReturnType<typeof parseCaseId>, string>);
    expect(again).toEqual(k);
    const half = deriveCase(token, k!, { kind: "split", bits: "0" });
    if (typeof half === "string") throw new Error(half);
    expect(half.deviations!.length).toBeLessThan(k!.deviations!.length);
    expect(half.deviations!.every((p) => k!.deviations!.includes(p))).toBe(true);
    expect(caseFromRef(token, parseCaseId(half.id) as Exclude<ReturnType<typeof parseCaseId>, string>)).toEqual(half);
    expect(parseCaseId("auth_token_api~wrong-type~x~1")).toMatch(/expected auth_token_api~wrong-type~<round>~<group>/);
  });

  it("gives wrong types only: every confused body is invalid, every control valid", () => {
    for (const k of confusionCases(token, CONFUSION_ROUNDS)) {
      const control = deriveCase(token, k, { kind: "control" });
      if (typeof control === "string") throw new Error(control);
      expect(validateText(token.response.schema!, control.body), control.id).toEqual([]);
      expect(validateText(token.response.schema!, k.body), k.id).not.toEqual([]);
    }
  });
});
