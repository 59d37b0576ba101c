import { describe, expect, it } from "vitest";
import { groupCauses } from "./causes.ts";
import { failure } from "./report.test-helper.ts";

const e = (fp: string, over: Parameters<typeof failure>[0] extends infer T ? Partial<T> : never) =>
  failure({ check: "sdk.decodes", operationId: "auth_token_api", fingerprint: fp, ...over });

describe("groupCauses", () => {
  it("one behaviour, one named type, one documented field or the same words on many operations is one cause", () => {
    const causes = groupCauses(
      [
        e("a1", { check: "sdk.action-preserved", operationId: "auth_token_api", path: "/action" }),
        e("a2", { check: "sdk.action-preserved", operationId: "client_get_api", path: "/action" }),
        e("b1", { check: "sdk.int64-exact", path: "/clientId", defect: "int64 rounded to the nearest double" }),
        e("b2", { check: "sdk.int64-exact", path: "/createdAt", defect: "int64 rounded to the nearest double" }),
        e("c1", { check: "sdk.fields-preserved", path: "/client/clientName", model: "client#clientName" }),
        e("c2", { check: "sdk.fields-preserved", path: "/clients/0/clientName", model: "client#clientName" }),
        e("d1", { signature: "decode error: unknown TokenType <v>" }),
        e("d2", { operationId: "client_get_api", signature: "decode error: unknown TokenType <v>" }),
      ],
      false,
    );
    expect(causes.map((c) => c.entries)).toEqual(
      expect.arrayContaining([
        ["a1", "a2"],
        ["b1", "b2"],
        ["c1", "c2"],
        ["d1", "d2"],
      ]),
    );
    expect(causes).toHaveLength(4);
    expect(causes.find((c) => c.entries.includes("a1"))!.affects.map((a) => a.operationId)).toEqual([
      "auth_token_api",
      "client_get_api",
    ]);
  });

  it("keeps different checks, fields and words apart", () => {
    const causes = groupCauses(
      [
        e("a1", { check: "sdk.fields-preserved", path: "/subject" }),
        e("a2", { check: "sdk.null-vs-absent", path: "/subject" }),
        e("b1", { check: "sdk.fields-preserved", path: "/clientName" }),
        e("c1", { signature: "decode error: unknown TokenType <v>" }),
        e("c2", { signature: "decode error: scopes: expected a string" }),
      ],
      false,
    );
    expect(causes).toHaveLength(5);
  });

  it("an isolated culprit joins what the target said with the field it is about", () => {
    const causes = groupCauses(
      [
        e("a1", {
          signature: "decode error: at line <n> path $.subjectTokenInfo.scopes[<n>]",
          isolated: {
            caseId: "x",
            body: "{}",
            culprits: [{ path: "/subjectTokenInfo/scopes/0", value: {}, type: "scope" }],
            replay: "r",
            tries: 3,
            complete: true,
          },
        }),
        e("a2", {
          signature: "decode error: at line <n> path $.scopes[<n>]",
          isolated: {
            caseId: "y",
            body: "{}",
            culprits: [{ path: "/scopes/0", value: {}, type: "scope" }],
            replay: "r",
            tries: 3,
            complete: true,
          },
        }),
      ],
      false,
    );
    expect(causes).toHaveLength(1);
    expect(causes[0]!.title).toMatch(
      /when \/subjectTokenInfo\/scopes\/0 is an empty object|when \/scopes\/0 is an empty object/,
    );
  });

  it("counts a cause as known only when all its entries are, and puts gate failures first", () => {
    const causes = groupCauses(
      [
        e("w1", { severity: "warn", check: "sdk.unknown-action-tolerated", path: "/action" }),
        e("k1", { path: "/a", check: "sdk.fields-preserved", baselined: true }),
        e("k2", { path: "/a", check: "sdk.fields-preserved" }),
        e("f1", { signature: "boom" }),
      ],
      false,
    );
    expect(causes.map((c) => [c.check, c.failsGate, c.baselined ?? false])).toEqual([
      ["sdk.decodes", true, false],
      ["sdk.fields-preserved", true, false],
      ["sdk.unknown-action-tolerated", false, false],
    ]);
    expect(groupCauses([e("w1", { severity: "warn", path: "/action" })], true)[0]!.failsGate).toBe(true);
  });

  it("one exception in the target's log is one cause whatever checks saw its consequences", () => {
    const log = (op: string) => [
      `Error: decode error: ${op} response has a property the model does not know: clientAttributes`,
      "    at authlete (server.ts:44:11)",
    ];
    const causes = groupCauses(
      [
        e("s1", {
          check: "server.status",
          operationId: "auth_token_api",
          log: log("auth_token_api"),
          defect: "a documented action answered 500",
        }),
        e("s2", {
          check: "server.status",
          operationId: "auth_userinfo_api",
          log: log("auth_userinfo_api"),
          defect: "a documented action answered 500",
        }),
        e("b1", { check: "server.body", operationId: "auth_userinfo_api", log: log("auth_userinfo_api") }),
        e("u1", {
          check: "server.headers.cache",
          operationId: "auth_token_api",
          log: ["upstream: Authlete answered 502"],
        }),
      ],
      false,
    );
    expect(causes.map((c) => [c.check, c.checks ?? [], c.entries])).toEqual([
      ["server.status", ["server.status", "server.body"], ["b1", "s1", "s2"]],
      ["server.headers.cache", [], ["u1"]],
    ]);
  });
});
