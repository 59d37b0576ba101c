import { describe, expect, it } from "vitest";
import { loadProfile } from "../../contracts/store.ts";
import type { ServerObservation } from "../observation.ts";
import { runServerChecks } from "../run-server-checks.ts";
import { alive, cache, followUp, noSecretLeak, status } from "./checks.ts";
import { errorAnswer } from "./error-answer.ts";
import { authleteRequest } from "./authlete-request.ts";

const byId = loadProfile("authlete-3.0.16").byId;
const token = byId.get("auth_token_api")!;
const userinfo = byId.get("auth_userinfo_api")!;
const rule = (c: typeof token, v: string) => c.actions.find((a) => a.value === v)!;
const ok = (status: number, body = "", headers: Record<string, string> = {}) => ({
  status,
  headers: { "cache-control": "no-store", pragma: "no-cache", ...headers },
  body,
});

function obs(over: Partial<ServerObservation>): ServerObservation {
  return {
    contract: token,
    case: {
      id: "auth_token_api~coverage~0~OK",
      operationId: "auth_token_api",
      variant: "conforming",
      action: "OK",
      body: '{"action":"OK","responseContent":"{}"}',
    },
    served: { status: 200, body: '{"action":"OK","responseContent":"{}"}' },
    rule: rule(token, "OK"),
    answer: ok(200, "{}", { "content-type": "application/json" }),
    client: { method: "POST", url: "http://127.0.0.1:1/token", headers: {}, body: "" },
    requests: [],
    secrets: ["s3cr3t-api-secret"],
    disclosures: [
      { what: "the client secret the kit sent", values: ["client-secret-1"] },
      { what: "the service ID with the Authlete base URL", values: ["7654321", "127.0.0.1:5555"] },
    ],
    aliveAfter: true,
    ...over,
  };
}

const unknownCase = {
  id: "x",
  operationId: "auth_token_api",
  variant: "unknown-action" as const,
  action: "FUTURE",
  body: '{"action":"FUTURE"}',
};

describe("server.error-answer", () => {
  const traces: Record<string, string> = {
    python: 'Traceback (most recent call last):\n  File "/app/server.py", line 12, in token\n    raise KeyError("x")',
    java: "java.lang.IllegalStateException: boom\n\tat com.example.TokenEndpoint.post(TokenEndpoint.java:42)",
    node: "TypeError: x is undefined\n    at handler (/srv/app/index.js:10:5)\n    at node:internal/process/task_queues:95:5",
    ruby: "app/controllers/token_controller.rb:12:in `create'",
    go: "panic: runtime error\n\ngoroutine 1 [running]:\nmain.main()",
    spring: "<html><body><h1>Whitelabel Error Page</h1></body></html>",
    django: "<p>You're seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>",
  };
  it.each(Object.entries(traces))(
    "fails an unknown action answered with a %s trace, passes a plain one",
    (_k, trace) => {
      const bad = errorAnswer.run(
        obs({ case: unknownCase, rule: undefined, answer: ok(500, trace, { "content-type": "text/plain" }) }),
      );
      expect(bad.status).toBe("fail");
      expect(
        errorAnswer.run(
          obs({
            case: unknownCase,
            rule: undefined,
            answer: ok(500, "Authlete returned an unknown action", { "content-type": "text/plain" }),
          }),
        ).status,
      ).toBe("pass");
    },
  );
  it("fails an HTML error page, skips answers to documented actions", () => {
    expect(
      errorAnswer.run(
        obs({
          served: { status: 0, body: "", fault: "reset" },
          rule: undefined,
          answer: ok(500, "<html><body>oops</body></html>", { "content-type": "text/html" }),
        }),
      ).status,
    ).toBe("fail");
    expect(errorAnswer.run(obs({})).status).toBe("skip");
  });
});

describe("server.headers.cache on error answers", () => {
  it("requires no-store on an upstream-fault answer, which the rules never list", () => {
    const fault = { served: { status: 400, body: "{}", fault: "status-400" as const }, rule: undefined };
    expect(cache.run(obs({ ...fault, answer: { status: 500, headers: {}, body: "" } })).status).toBe("fail");
    expect(cache.run(obs({ ...fault, answer: ok(500) })).status).toBe("pass");
  });
});

describe("server.follow-up", () => {
  const info = rule(userinfo, "OK");
  const served = '{"action":"OK","token":"kit-generated-token"}';
  const base = {
    contract: userinfo,
    case: { id: "u", operationId: "auth_userinfo_api", variant: "conforming" as const, action: "OK", body: served },
    served: { status: 200, body: served },
    rule: info,
    client: {
      method: "GET",
      url: "http://127.0.0.1:1/userinfo",
      headers: { authorization: "Bearer client-token" },
      body: "",
    },
  };
  const call = (t: string) => [
    {
      method: "POST",
      path: "/api/1/auth/userinfo/issue",
      query: {},
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: t }),
      operationId: "auth_userinfo_issue_api",
      problems: [],
    },
  ];
  it("accepts the token the client sent or the one Authlete answered, nothing else", () => {
    expect(followUp.run(obs({ ...base, requests: call("client-token") })).status).toBe("pass");
    expect(followUp.run(obs({ ...base, requests: call("kit-generated-token") })).status).toBe("pass");
    expect(followUp.run(obs({ ...base, requests: call("made-up") })).status).toBe("fail");
    expect(followUp.run(obs({ ...base, requests: [] })).status).toBe("fail");
  });
});

describe("server.status", () => {
  it("accepts the decline the facts allow for token exchange, not another 400", () => {
    const te = {
      rule: rule(token, "TOKEN_EXCHANGE"),
      case: {
        id: "t",
        operationId: "auth_token_api",
        variant: "conforming" as const,
        action: "TOKEN_EXCHANGE",
        body: '{"action":"TOKEN_EXCHANGE"}',
      },
    };
    expect(status.run(obs({ ...te, answer: ok(400, '{"error":"unsupported_grant_type"}') })).status).toBe("pass");
    expect(status.run(obs({ ...te, answer: ok(400, '{"error":"invalid_request"}') })).status).toBe("fail");
    expect(
      status.run(obs({ rule: rule(token, "OK"), answer: ok(400, '{"error":"unsupported_grant_type"}') })).status,
    ).toBe("fail");
  });
});

describe("server.no-secret-leak", () => {
  it("finds the client secret, the API secret, and the service ID only beside the Authlete base URL", () => {
    expect(noSecretLeak.run(obs({ answer: ok(500, "bad client-secret-1") })).status).toBe("fail");
    expect(
      noSecretLeak.run(obs({ answer: ok(302, "", { location: "https://c.example/cb?e=s3cr3t-api-secret" }) })).status,
    ).toBe("fail");
    expect(noSecretLeak.run(obs({ answer: ok(200, "service 7654321") })).status).toBe("pass");
    expect(
      noSecretLeak.run(obs({ probe: "root", answer: ok(200, '{"base":"http://127.0.0.1:5555","service":7654321}') }))
        .message,
    ).toMatch(/public route.*service ID with the Authlete base URL/);
  });
});

describe("server.alive", () => {
  it("a server that is still running passes the upstream timeout case without an answer in time; a dead one fails", () => {
    const t = {
      served: { status: 0, body: "", fault: "timeout" as const },
      rule: undefined,
      answer: { error: "no answer within 10000 ms" },
    };
    expect(alive.run(obs({ ...t, aliveAfter: true })).status).toBe("pass");
    expect(alive.run(obs({ ...t, aliveAfter: false })).status).toBe("fail");
    expect(alive.run(obs({ answer: { error: "no answer within 10000 ms" } })).status).toBe("fail");
    expect(alive.run(obs({ aliveAfter: false })).status).toBe("fail");
  });
});

describe("server.authlete-request", () => {
  const req = (headers: Record<string, string>, body: object, problems: string[] = []) => ({
    method: "POST",
    path: "/api/1/auth/token",
    query: {},
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    operationId: "auth_token_api",
    problems,
  });
  const client = { method: "POST", url: "http://127.0.0.1:1/token?x=1", headers: { dpop: "proof.jwt.sig" }, body: "" };
  it("wants the DPoP proof forwarded with htm and htu, and a real service token", () => {
    expect(
      authleteRequest.run(
        obs({
          client,
          requests: [
            req(
              { authorization: "Bearer t" },
              { parameters: "", dpop: "proof.jwt.sig", htm: "POST", htu: "http://localhost:1/token" },
            ),
          ],
        }),
      ).status,
    ).toBe("pass");
    expect(
      authleteRequest.run(obs({ client, requests: [req({ authorization: "Bearer t" }, { parameters: "" })] })).message,
    ).toMatch(/without dpop/);
    expect(
      authleteRequest.run(
        obs({
          client,
          requests: [
            req(
              { authorization: "Bearer t" },
              { parameters: "", dpop: "proof.jwt.sig", htm: "GET", htu: "http://127.0.0.1:1/token" },
            ),
          ],
        }),
      ).message,
    ).toMatch(/htm/);
    expect(
      authleteRequest.run(
        obs({
          requests: [
            req({ authorization: "Bearer undefined" }, { parameters: "" }, [
              "Bearer token is not the configured service access token",
            ]),
          ],
        }),
      ).message,
    ).toMatch(/"undefined".*never set/);
    expect(
      authleteRequest.run(
        obs({
          requests: [
            req({ authorization: "Bearer t" }, { parameters: 1 }, ["request body at /parameters must be string"]),
          ],
        }),
      ).status,
    ).toBe("fail");
  });
});

describe("a user page and its completion", () => {
  it("judges the page by the action's rule and the completion by the follow-up the server called", () => {
    const authz = byId.get("auth_authorization_api")!;
    const issue = byId.get("auth_authorization_issue_api")!;
    const page = ok(200, "<form>", { "content-type": "text/html;charset=UTF-8" });
    const o = obs({
      contract: authz,
      case: {
        id: "a",
        operationId: "auth_authorization_api",
        variant: "conforming",
        action: "INTERACTION",
        body: '{"action":"INTERACTION","ticket":"tk"}',
      },
      served: { status: 200, body: '{"action":"INTERACTION","ticket":"tk"}' },
      rule: rule(authz, "INTERACTION"),
      answer: page,
      completion: {
        request: { method: "POST", url: "http://127.0.0.1:1/authorization/decision", headers: {}, body: "" },
        answer: ok(302, "", { location: "https://c.example/cb?code=1" }),
      },
      followUp: {
        contract: issue,
        body: '{"action":"LOCATION","responseContent":"https://c.example/cb?code=1"}',
        rule: rule(issue, "LOCATION"),
      },
      requests: [
        {
          method: "POST",
          path: "/api/1/auth/authorization/issue",
          query: {},
          headers: { "content-type": "application/json" },
          body: '{"ticket":"tk","subject":"u"}',
          operationId: "auth_authorization_issue_api",
          problems: [],
        },
      ],
    });
    const verdict = (name: string, x: ServerObservation) => runServerChecks(x).find((r) => r.check === name)!;
    expect(verdict("server.status", o).status).toBe("pass");
    expect(verdict("server.follow-up", o).status).toBe("pass");
    expect(verdict("server.headers.location", o).status).toBe("pass");
    const badCompletion = { ...o, completion: { ...o.completion!, answer: ok(200, "done") } };
    expect(verdict("server.status", badCompletion).message).toMatch(
      /^after the user completed the page: Received: 200/,
    );
    const badPage = { ...o, answer: ok(500, "") };
    expect(verdict("server.status", badPage).message).toMatch(/^the page: /);
  });
});
