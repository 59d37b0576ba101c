import { describe, expect, it } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { fingerprintOf } from "./fingerprint.ts";
import { planOperation, plannedCount, plannedFromId, shardOf } from "./plan.ts";
import { coverageCases } from "../generate/cases.ts";
import { actionValues } from "../generate/spec-schema.ts";
import { faultCatalogue, FULL_CATALOGUE_OPERATIONS, ROTATION } from "../generate/faults.ts";

const profile = loadProfile("authlete-3.0.16");

describe("planOperation", () => {
  const token = profile.byId.get("auth_token_api")!;
  const plan = [...planOperation(token, { seed: 5, runs: 40, variantRuns: 2 })];

  it("runs coverage, random, each variant and each fault, in that order", () => {
    const kinds = plan.map((p) => (p.fault ? "fault" : p.case.id.split("~")[1]));
    expect(kinds.filter((k) => k === "coverage").length + kinds.filter((k) => k === "conforming").length).toBe(
      Math.max(40, coverageCases(token).length),
    );
    expect(plan.filter((p) => p.role === "minimal").map((p) => p.case.action ?? "")).toEqual([
      "",
      ...actionValues(token),
    ]);
    expect(kinds.filter((k) => k === "unknown-field")).toHaveLength(2);
    expect(kinds.filter((k) => k === "unknown-action")).toHaveLength(2);
    expect(kinds.filter((k) => k === "null-not-allowed")).toHaveLength(2);
    const statuses = [400, 401, 403, 404, 409, 500, 502, 503].flatMap((s) => [
      `status-${s}`,
      `status-${s}-no-code`,
      `status-${s}-html`,
    ]);
    expect(plan.filter((p) => p.fault).map((p) => p.fault)).toEqual([
      ...statuses,
      "non-json",
      "non-json-json",
      "non-json-text",
      "empty",
      "null-body",
      "array-body",
      "string-body",
      "number-body",
      "boolean-body",
      "truncated-json",
      "lenient-unquoted",
      "lenient-single-quotes",
      "lenient-semicolons",
      "reset-mid-body",
      "delay",
      "hang",
    ]);
    // Only a few operations carry the cases that wait for the SDK's timeout.
    const client = [...planOperation(profile.byId.get("client_get_api")!, { seed: 5, runs: 1, variantRuns: 0 })];
    expect(client.filter((p) => p.fault === "delay" || p.fault === "hang")).toEqual([]);
    expect(kinds.indexOf("fault")).toBeGreaterThan(kinds.lastIndexOf("conforming"));
  });

  it("serves the whole catalogue on a few operations, a rotating slice elsewhere, and replays any entry", () => {
    const faultsOf = (id: string) =>
      [...planOperation(profile.byId.get(id)!, { seed: 5, runs: 1, variantRuns: 0 })]
        .filter((p) => p.fault)
        .map((p) => p.fault!);
    for (const id of FULL_CATALOGUE_OPERATIONS)
      expect(faultsOf(id), id).toEqual(faultCatalogue(profile.byId.get(id)!).map((p) => p.fault));
    const others = profile.contracts.filter((c) => !FULL_CATALOGUE_OPERATIONS.includes(c.operationId));
    const servedOn = new Map<string, number>();
    for (const c of others) {
      const faults = faultsOf(c.operationId);
      // The operation's documented statuses always; about one in ROTATION of the rest.
      for (const s of c.errorStatuses) expect(faults).toContain(`status-${s}`);
      const rest = faultCatalogue(c).length - c.errorStatuses.length;
      expect(faults.length - c.errorStatuses.length).toBeLessThanOrEqual(Math.ceil(rest / ROTATION));
      for (const f of faults) servedOn.set(f, (servedOn.get(f) ?? 0) + 1);
    }
    // Across the profile every entry but the timing ones is also served on at least two other operations.
    const entries = new Set(faultCatalogue(token).map((p) => p.fault!));
    for (const f of entries)
      if (f !== "delay" && f !== "hang") expect(servedOn.get(f) ?? 0, f).toBeGreaterThanOrEqual(2);
    // An entry a run does not serve on an operation still replays by its id.
    const client = profile.byId.get("client_get_api")!;
    const unserved = faultCatalogue(client).find((p) => !faultsOf("client_get_api").includes(p.fault!))!;
    expect(plannedFromId(client, unserved.case.id)).toEqual(unserved);
  });

  it("runs the whole coverage set even when --runs is smaller than it", () => {
    const client = profile.byId.get("client_get_api")!;
    const small = [...planOperation(client, { seed: 5, runs: 3, variantRuns: 0 })].filter((p) => !p.fault);
    const ids = small.map((p) => p.case.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((id) => id.includes("~coverage~"))).toBe(true);
  });

  it("counts what it plans without generating it", () => {
    for (const id of ["auth_token_api", "client_get_api", "client_delete_api", "get_api_lifecycle_healthcheck"]) {
      const c = profile.byId.get(id)!;
      for (const runs of [1, 40])
        expect(plannedCount(c, { seed: 1, runs, variantRuns: 2 }), `${id} ${runs}`).toBe(
          [...planOperation(c, { seed: 1, runs, variantRuns: 2 })].length,
        );
    }
  });

  it("splits operations into disjoint shards that cover them all", () => {
    const ops = profile.contracts.map((c) => c.operationId);
    const shards = [1, 2, 3].map((index) => shardOf(ops, { index, total: 3 }));
    expect(shards.flat().sort()).toEqual([...ops].sort());
    expect(Math.max(...shards.map((s) => s.length)) - Math.min(...shards.map((s) => s.length))).toBeLessThanOrEqual(1);
  });

  it("generates long runs lazily, a batch at a time, and every batched case still replays from its id", () => {
    const it = planOperation(token, { seed: 5, runs: 1000, variantRuns: 0 });
    const first = it.next().value!;
    expect(first.case.id).toContain("~coverage~");
    const all = [first, ...it];
    const random = all.filter((p) => p.case.id.includes("~conforming~"));
    expect(new Set(random.map((p) => p.case.seed)).size).toBe(Math.ceil(random.length / 256));
    expect(new Set(random.map((p) => p.case.id)).size).toBe(random.length);
    for (const p of [random[0]!, random[300]!, random.at(-1)!])
      expect(plannedFromId(token, p.case.id), p.case.id).toEqual(p);
  });

  it("rebuilds every planned case from its id alone", () => {
    for (const p of plan) expect(plannedFromId(token, p.case.id), p.case.id).toEqual(p);
  });

  it("answers a bad id with a message, not an exception", () => {
    expect(plannedFromId(token, "auth_token_api~fault~nope")).toMatch(/has no fault "nope"/);
    expect(plannedFromId(token, "auth_token_api~weird~1")).toMatch(/unknown variant "weird"/);
  });

  it("serves each operation's errors as it documents them: the health check's 500 is text, not a JSON resultCode", () => {
    const health = [
      ...planOperation(profile.byId.get("get_api_lifecycle_healthcheck")!, { seed: 1, runs: 3, variantRuns: 1 }),
    ].filter((p) => p.fault);
    expect(health.find((p) => p.fault === "status-500")).toMatchObject({
      status: 500,
      contentType: "text/plain",
      case: { body: "injected 500 from the mock Authlete API" },
    });
    // Text errors have no resultCode to leave out, and a text answer is not JSON to break.
    expect(health.map((p) => p.fault)).not.toContain("status-500-no-code");
    expect(health.map((p) => p.fault)).not.toContain("array-body");
    expect(health.find((p) => p.fault === "status-502-html")).toMatchObject({ contentType: "text/html" });
    expect(plan.find((p) => p.fault === "status-400")).toMatchObject({
      contentType: "application/json",
      case: { body: expect.stringMatching(/"resultCode":"A001201"/) },
    });
    expect(plan.find((p) => p.fault === "status-409-no-code")?.case.body).not.toMatch(/resultCode/);
    const lenient = plan.filter((p) => p.fault?.startsWith("lenient-")).map((p) => p.case.body);
    for (const b of lenient) expect(() => JSON.parse(b) as unknown, b).toThrow();
    expect(lenient).toEqual([
      expect.stringMatching(/^\{\w+:"/),
      expect.stringMatching(/^\{'\w+':'/),
      expect.stringMatching(/^\{"\w+":"[^"]*";"/),
    ]);
  });

  it("serves 204 operations with no body", () => {
    const del = [...planOperation(profile.byId.get("client_delete_api")!, { seed: 1, runs: 3, variantRuns: 1 })];
    expect(del[0]).toMatchObject({ status: 204, contentType: null, case: { body: "" } });
  });
});

describe("fingerprintOf", () => {
  it("is the same for the same field whatever the array index, and differs by check and field", () => {
    expect(fingerprintOf("sdk.fields-preserved", "op", "OK", "/scopes/0/name")).toBe(
      fingerprintOf("sdk.fields-preserved", "op", "OK", "/scopes/2/name"),
    );
    expect(fingerprintOf("sdk.fields-preserved", "op", "OK", "/a")).not.toBe(
      fingerprintOf("sdk.int64-exact", "op", "OK", "/a"),
    );
    expect(fingerprintOf("c", "op", "OK", "/a")).toMatch(/^[0-9a-f]{8}$/);
  });
});
