import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { parseLossless, stringifyLossless } from "../json/lossless.ts";
import { validateText } from "../schema/validate.ts";
import { caseFromRef, coverageCases, deriveCase, randomCases } from "./cases.ts";
import { controlBody, dropUnits, leafUnits, splitBody } from "./derive.ts";
import { derivedId, parseCaseId } from "./id.ts";
import { candidates, culprits, reduceBody, replayReduction } from "./reduce.ts";
import { specSchema } from "./spec-schema.ts";

const profile = loadProfile("authlete-3.0.16");
const token = profile.byId.get("auth_token_api")!;
const root = specSchema(token)!;
const BODY = parseLossless(
  '{"action":"OK","subject":"s","scopes":["a","b"],"subjectTokenInfo":{"clientIdAlias":"c","scopes":[{"name":"x","description":"d"}]},"accessTokenExpiresAt":9223372036854775807}',
);

describe("controls", () => {
  it("remove the deviation and keep the rest of the body byte for byte", () => {
    const withField = { ...(BODY as object), xUnknownAbc: 1 } as never;
    expect(controlBody(token, "unknown-field", withField, "/xUnknownAbc")).toEqual(BODY);
    const { action: _a, ...rest } = BODY as Record<string, unknown>;
    expect(controlBody(token, "unknown-action", { ...(BODY as object), action: "FUTURE_X" }, "/action")).toEqual(rest);
    expect(controlBody(token, "null-not-allowed", { ...(BODY as object), subject: null }, "/subject")).toEqual(
      Object.fromEntries(Object.entries(BODY as object).filter(([k]) => k !== "subject")),
    );
  });

  it("are conforming, and rebuild from the variant's id", () => {
    for (const variant of ["unknown-field", "unknown-action", "null-not-allowed", "outside-spec"] as const) {
      const op = variant === "outside-spec" ? profile.byId.get("device_verification_api")! : token;
      for (const c of randomCases(op, { seed: 9, count: 4, variant })) {
        const control = deriveCase(op, c, { kind: "control" });
        if (typeof control === "string") throw new Error(control);
        expect(control.id).toBe(`${c.id}~control`);
        expect(control.variant).toBe("conforming");
        expect(validateText(specSchema(op)!, control.body), control.id).toEqual([]);
        expect(caseFromRef(op, parseCaseId(control.id) as never)).toMatchObject({ id: control.id, body: control.body });
      }
    }
  });
});

describe("restrictions", () => {
  it("list leaf units, split them in halves and drop some, keeping the action", () => {
    const units = leafUnits(root, BODY, ["/action"]);
    expect(units).toEqual([
      "/subject",
      "/scopes",
      "/subjectTokenInfo/clientIdAlias",
      "/subjectTokenInfo/scopes/0/name",
      "/subjectTokenInfo/scopes/0/description",
      "/accessTokenExpiresAt",
    ]);
    expect(stringifyLossless(splitBody(root, BODY, "0", ["/action"]) as never)).toBe(
      '{"action":"OK","subject":"s","scopes":["a","b"],"subjectTokenInfo":{"clientIdAlias":"c"}}',
    );
    expect(stringifyLossless(splitBody(root, BODY, "1", ["/action"]) as never)).toBe(
      '{"action":"OK","subjectTokenInfo":{"scopes":[{"name":"x","description":"d"}]},"accessTokenExpiresAt":9223372036854775807}',
    );
    expect(splitBody(root, { action: "OK", subject: "s" }, "0", ["/action"])).toMatch(/nothing left to split/);
    // What holds only dropped units goes with them.
    expect(stringifyLossless(dropUnits(root, BODY, [1, 3, 4], ["/action"]) as never)).toBe(
      '{"action":"OK","subject":"s","subjectTokenInfo":{"clientIdAlias":"c"},"accessTokenExpiresAt":9223372036854775807}',
    );
  });

  it("a split of a split is the same body as its folded id", () => {
    const c = coverageCases(token).at(-1)!;
    const once = deriveCase(token, c, { kind: "split", bits: "1" }) as never as typeof c;
    const twice = deriveCase(token, once, { kind: "split", bits: "0" }) as never as typeof c;
    expect(twice.id).toBe(`${c.id}~split:10`);
    expect(caseFromRef(token, parseCaseId(twice.id) as never)).toMatchObject({ body: twice.body });
    expect(validateText(root, twice.body)).toEqual([]);
  });
});

describe("the reducer", () => {
  it("reduces to the culprit, with a path that rebuilds the body, and every step stays valid", async () => {
    // A made-up defect: decoding fails when a TokenInfo scope is an object.
    const fails = async (b: unknown) => /"scopes":\[\{/.test(stringifyLossless(b as never));
    const r = await reduceBody(root, BODY, ["/action"], fails, { maxTries: 500, deadline: Date.now() + 10_000 });
    expect(r.complete).toBe(true);
    expect(stringifyLossless(r.body)).toBe('{"action":"OK","subjectTokenInfo":{"scopes":[{}]}}');
    expect(culprits(root, r.body, ["/action"])).toEqual([
      { path: "/subjectTokenInfo/scopes/0", value: {}, model: "token_info#scopes", type: "scope" },
    ]);
    expect(replayReduction(root, BODY, r.path, ["/action"])).toEqual(r.body);
    expect(validateText(root, stringifyLossless(r.body))).toEqual([]);
    expect(r.tries).toBeLessThan(30);
  });

  it("keeps a value it cannot simplify away, and never touches what is protected", async () => {
    const fails = async (b: unknown) => stringifyLossless(b as never).includes("9223372036854775807");
    const r = await reduceBody(root, BODY, ["/action", "/subject"], fails, {
      maxTries: 500,
      deadline: Date.now() + 10_000,
    });
    expect(stringifyLossless(r.body)).toBe('{"action":"OK","subject":"s","accessTokenExpiresAt":9223372036854775807}');
    expect(candidates(root, r.body, ["/action", "/subject"]).map((e) => e.kind)).toEqual(["drop", "simplify"]);
  });

  it("stops at its budget and says so", async () => {
    const r = await reduceBody(root, BODY, ["/action"], async () => false, {
      maxTries: 2,
      deadline: Date.now() + 10_000,
    });
    expect(r).toMatchObject({ tries: 2, complete: false });
  });

  it("writes long paths run-length encoded, and reads them back", () => {
    const id = derivedId("auth_token_api~coverage~3", { kind: "reduce", path: [1, 2, 2, 2, 0] });
    expect(id).toBe("auth_token_api~coverage~3~reduce:1.2x3.0");
    expect(parseCaseId(id)).toMatchObject({
      kind: "coverage",
      index: 3,
      derive: [{ kind: "reduce", path: [1, 2, 2, 2, 0] }],
    });
    expect(parseCaseId("auth_token_api~unknown-field~*~5~0~control~reduce:3")).toMatchObject({
      kind: "random",
      variant: "unknown-field",
      derive: [{ kind: "control" }, { kind: "reduce", path: [3] }],
    });
  });
});
