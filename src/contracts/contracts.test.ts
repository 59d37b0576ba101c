import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import { checkContracts } from "./check.ts";
import { FACTS_FILE, referenceDir, SPEC_FILE } from "./paths.ts";
import { loadProfile } from "./store.ts";

const ref = referenceDir();

describe("committed contracts", () => {
  it("list --json shows 84 operations, 44 with actions, counts equal to the facts file", async () => {
    const r = await cli("contracts", "list", "--json");
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.out) as { operations: number; withActions: number; list: Array<{ operationId: string; actions: number }> };
    expect(listed.operations).toBe(84);
    expect(listed.withActions).toBe(44);
    if (ref) {
      const facts = JSON.parse(readFileSync(join(ref, FACTS_FILE), "utf8")) as { endpoints: Array<{ operationId: string; actions: unknown[] }> };
      for (const e of facts.endpoints) expect(listed.list.find((o) => o.operationId === e.operationId)?.actions, e.operationId).toBe(e.actions.length);
    }
  });

  it("every schema reference resolves inside its own $defs", () => {
    const refs = (x: unknown, out: string[] = []): string[] => {
      if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) k === "$ref" ? out.push(v as string) : refs(v, out);
      return out;
    };
    for (const c of loadProfile("authlete-3.0.16").contracts) {
      for (const s of [c.response.schema, c.request?.schema, c.errorSchema, ...c.parameters.map((p) => p.schema)]) {
        if (!s) continue;
        for (const r of refs(s)) expect((s.$defs as Record<string, unknown>)?.[r.replace("#/$defs/", "")], `${c.operationId} ${r}`).toBeDefined();
      }
    }
  });

  it("compiles the facts a server is judged by: user pages defer their follow-up, declinable grants carry the alternative answer", () => {
    const byId = loadProfile("authlete-3.0.16").byId;
    const rule = (op: string, v: string) => byId.get(op)!.actions.find((a) => a.value === v)!;
    // A login/consent page comes first; the issue or fail call follows in a later request.
    expect(rule("auth_authorization_api", "INTERACTION").next).toMatchObject({ operations: ["auth_authorization_issue_api", "auth_authorization_fail_api"], later: true });
    expect(rule("auth_authorization_api", "NO_INTERACTION").next).toMatchObject({ later: false });
    expect(rule("device_verification_api", "VALID").next?.later).toBe(true);
    expect(rule("auth_token_api", "PASSWORD").next?.later).toBe(false);
    expect(rule("auth_token_api", "TOKEN_EXCHANGE").decline).toEqual({ status: 400, error: "unsupported_grant_type" });
    expect(rule("auth_token_api", "JWT_BEARER").decline).toEqual({ status: 400, error: "unsupported_grant_type" });
    expect(rule("auth_token_api", "OK").decline).toBeUndefined();
  });

  it("copies no prose from the spec", () => {
    // Walk schema nodes only: a property may itself be *named* "description".
    const prose = (node: unknown, out: string[] = []): string[] => {
      if (!node || typeof node !== "object") return out;
      for (const [k, v] of Object.entries(node)) {
        if (["description", "x-mint", "example", "examples", "summary"].includes(k)) out.push(k);
        if (k === "properties" || k === "$defs") Object.values(v as object).forEach((s) => prose(s, out));
        else prose(v, out);
      }
      return out;
    };
    for (const c of loadProfile("authlete-3.0.16").contracts) expect(prose(c), c.operationId).toEqual([]);
  });

  it("show prints the rules of one operation and rejects unknown ones", async () => {
    const ok = await cli("contracts", "show", "auth_authorization_api");
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/LOCATION\s+302\s+-\s+none\s+Location: \{responseContent\}/);
    const bad = await cli("contracts", "show", "nope_api");
    expect(bad.code).toBe(2);
    expect(bad.err.trim().split("\n")).toHaveLength(1);
  });

  it("an unknown profile is a usage error", async () => {
    const r = await cli("contracts", "list", "--profile", "authlete-9");
    expect(r).toMatchObject({ code: 2 });
    expect(r.err).toMatch(/unknown profile "authlete-9" \(known: authlete-3\.0\.16\)/);
  });
});

describe.skipIf(!ref)("drift check against the reference files", () => {
  const copy = () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-drift-"));
    copyFileSync(join(ref!, SPEC_FILE), join(dir, SPEC_FILE));
    copyFileSync(join(ref!, FACTS_FILE), join(dir, FACTS_FILE));
    return { dir, spec: join(dir, SPEC_FILE), facts: join(dir, FACTS_FILE) };
  };

  it("passes on the committed tree", async () => {
    const r = await cli("contracts", "check");
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/SERVER_ERROR \(value-not-in-spec\)/);
    expect(r.out).toMatch(/warning nullable-enum-without-null/);
  });

  it("fails naming operation, value and source when a facts rule changes", () => {
    const t = copy();
    const facts = JSON.parse(readFileSync(t.facts, "utf8"));
    const ep = facts.endpoints.find((e: { operationId: string }) => e.operationId === "auth_authorization_api");
    ep.actions.find((a: { value: string }) => a.value === "LOCATION").status = 303;
    ep.actions = ep.actions.filter((a: { value: string }) => a.value !== "FORM");
    writeFileSync(t.facts, JSON.stringify(facts));
    const r = checkContracts({ specFile: t.spec, factsFile: t.facts, profile: "authlete-3.0.16" });
    const lines = r.drift.map((d) => `${d.operationId} ${d.source} ${d.message}`);
    expect(lines).toContainEqual(expect.stringMatching(/^auth_authorization_api spec action FORM is in the spec's enum but has no rule/));
    expect(lines).toContainEqual(expect.stringMatching(/^auth_authorization_api contracts .*auth_authorization_api\.json\/actions\/2\/status: committed 302, fresh build 303/));
  });

  it("fails when the spec gains an action value the facts do not know", async () => {
    const t = copy();
    writeFileSync(t.spec, readFileSync(t.spec, "utf8").replace(/( +)- NO_INTERACTION\n/, "$1- NO_INTERACTION\n$1- BRAND_NEW\n"));
    const r = await cli("contracts", "check", "--spec", t.spec, "--actions", t.facts);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/auth_authorization_api: action BRAND_NEW is in the spec's enum but has no rule in the facts file \[source: spec\]/);
  });

  it("build fails with one clear line on a malformed spec", async () => {
    const t = copy();
    writeFileSync(t.spec, "openapi: 3.0.3\npaths: [unclosed\n");
    const r = await cli("contracts", "build", "--spec", t.spec, "--actions", t.facts);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/authlete-openapi-3\.0\.16\.yaml: not valid YAML or JSON/);
    expect(r.err).not.toMatch(/\n\s+at /);
    writeFileSync(t.spec, "{}");
    expect((await cli("contracts", "build", "--spec", t.spec, "--actions", t.facts)).err).toMatch(/not an OpenAPI document/);
  });

  it("build fails clearly on a malformed facts file", async () => {
    const t = copy();
    writeFileSync(t.facts, "{ nope");
    const r = await cli("contracts", "build", "--spec", t.spec, "--actions", t.facts);
    expect(r).toMatchObject({ code: 2 });
    expect(r.err).toMatch(/authlete-actions\.json: not valid JSON/);
  });
});
