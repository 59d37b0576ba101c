/**
 * The Pact loop end to end with the official libraries: pacts generated from the reference SDK,
 * checked against the contracts, verified with the Pact Verifier against the kit's mock, and
 * published / can-i-deploy'd with the real pact-broker CLI against a loopback HAL broker.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { exitWithin, firstLine } from "../cli/child.test-helper.ts";
import { cli } from "../cli/run-cli.test-helper.ts";
import { KIT_ROOT } from "../contracts/paths.ts";
import { loadProfile } from "../contracts/store.ts";
import { actionValues } from "../generate/variants.ts";
import { startFakeBroker, type FakeBroker } from "./fake-broker.test-helper.ts";
import { checkPact } from "./check.ts";
import { planInteractions } from "./interactions.ts";

const profile = loadProfile("authlete-3.0.16");
const dir = mkdtempSync(join(tmpdir(), "conformance-pact-"));
const PACT = join(dir, "authlete-reference-sdk-authlete.json");
type Pact = {
  interactions: Array<{
    description: string;
    providerStates: Array<{ name: string }>;
    request: { path: string };
    response: { body: { content: Record<string, unknown> } };
  }>;
};
const readPact = (f = PACT) => JSON.parse(readFileSync(f, "utf8")) as Pact;

beforeAll(async () => {
  const r = await cli("pact", "generate", "--sdk", "fixtures/sdk/reference", "--dir", dir);
  expect(r.err).toBe("");
  expect(r.code).toBe(0);
}, 120_000);

describe("pact generate", () => {
  it("writes one interaction per operation × documented action, plus the absent and null variants", () => {
    const pact = readPact();
    const json = profile.contracts.filter((c) => c.response.contentType === "application/json" && c.response.schema);
    const actions = json.reduce((n, c) => n + Math.max(1, actionValues(c).length), 0);
    const extras = json.reduce(
      (n, c) => n + planInteractions(c).filter((p) => p.kind === "absent" || p.kind === "nulls").length,
      0,
    );
    expect(pact.interactions).toHaveLength(actions + extras);
    expect(pact.interactions.filter((i) => / with action /.test(i.description))).toHaveLength(
      json.reduce((n, c) => n + actionValues(c).length, 0),
    );
    const token = pact.interactions.find((i) => i.description === "auth_token_api with action PASSWORD")!;
    expect(token.providerStates).toEqual([{ name: "auth_token_api returns action PASSWORD" }]);
    expect(token.response.body.content.action).toBe("PASSWORD");
    expect(
      (readPact() as unknown as { metadata: { pactSpecification: { version: string } } }).metadata.pactSpecification
        .version,
    ).toBe("4.0");
  });

  it("leaves out, and fails on, what the SDK really gets wrong (a mutant calling the wrong path)", async () => {
    const out = mkdtempSync(join(tmpdir(), "conformance-pact-mutant-"));
    const r = await cli(
      "pact",
      "generate",
      "--sdk",
      "fixtures/sdk/mutants/wrong_path",
      "--dir",
      out,
      "--operations",
      "auth_token_api,auth_introspection_api",
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /FAILED auth_token_api with action \w+ \(state "auth_token_api returns action \w+"\):\n {2}the SDK did not decode the response \(error api: POST \/api\/\d+\/auth\/tokens answered 404\)/,
    );
    expect(r.out).toMatch(/^\d+ interactions written to .*; \d+ failed and were left out/);
  });
});

describe("pact check", () => {
  it("passes the generated pact", async () => {
    const r = await cli("pact", "check", PACT);
    expect([r.code, r.out.trim().split("\n").at(-1)]).toEqual([
      0,
      expect.stringMatching(/: \d+ interactions, 77 operations, 0 problems$/),
    ]);
  });

  it("fails a hand-broken pact, naming the interaction and the path", async () => {
    const pact = readPact();
    const token = pact.interactions.find((i) => i.description === "auth_token_api with action PASSWORD")!;
    // Three violations in one body: each is named, not only the first.
    Object.assign(token.response.body.content, {
      accessTokenDuration: "soon",
      refreshTokenDuration: "later",
      clientIdAliasUsed: "yes",
    });
    pact.interactions.find((i) => i.description === "auth_token_api with action OK")!.request.path =
      "/api/1/auth/tokens";
    pact.interactions = pact.interactions.filter((i) => i.description !== "auth_token_api with action JWT_BEARER");
    const broken = join(dir, "broken.json");
    writeFileSync(broken, JSON.stringify(pact));
    const r = await cli("pact", "check", broken);
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      `interaction "auth_token_api with action PASSWORD" at /accessTokenDuration: auth_token_api response: must be an integer within int64`,
    );
    expect(r.out).toContain(
      `interaction "auth_token_api with action PASSWORD" at /refreshTokenDuration: auth_token_api response: must be an integer within int64`,
    );
    expect(r.out).toContain(
      `interaction "auth_token_api with action PASSWORD" at /clientIdAliasUsed: auth_token_api response: must be boolean`,
    );
    expect(r.out).toContain(
      `interaction "auth_token_api with action OK" at request: POST /api/1/auth/tokens is no operation of the profile`,
    );
    expect(r.out).toMatch(/auth_token_api: no interaction for action [A-Z_, ]*JWT_BEARER/);
  });
});

describe("pact verify", () => {
  it("passes against the kit's mock as provider (every state set up)", async () => {
    const r = await cli("pact", "verify", "--pact", PACT);
    expect([r.code, r.out.trim()]).toEqual([0, "verified: the kit's mock Authlete API honours the pacts"]);
  }, 120_000);

  it("fails when the provider does not honour the pact", async () => {
    const pact = readPact();
    pact.interactions = pact.interactions.filter((i) =>
      i.description.startsWith("auth_token_api with action PASSWORD"),
    );
    pact.interactions[0]!.response.body.content.action = "NOT_WHAT_THE_STATE_SAYS";
    const bad = join(dir, "unhonoured.json");
    writeFileSync(bad, JSON.stringify(pact));
    const r = await cli("pact", "verify", "--pact", bad);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/VERIFICATION FAILED against the kit's mock Authlete API/);
  }, 60_000);

  it("passes against `conformance mock` in another process, its states set up through --state-url", async () => {
    const pact = readPact();
    pact.interactions = pact.interactions.filter((i) => i.description.startsWith("auth_token_api"));
    const subset = join(dir, "token-only.json");
    writeFileSync(subset, JSON.stringify(pact));
    const child = spawn(process.execPath, [join(KIT_ROOT, "bin", "conformance.js"), "mock", "--json", "--any-token"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    try {
      const { url, pactStateUrl } = JSON.parse(await firstLine(child, 20_000)) as { url: string; pactStateUrl: string };
      const ok = await cli("pact", "verify", "--pact", subset, "--provider-url", url, "--state-url", pactStateUrl);
      expect([ok.code, ok.out.trim()]).toEqual([0, `verified: ${url} honours the pacts`]);
      // Without the control token the mock refuses to set states up, and the verification fails.
      const refused = await cli(
        "pact",
        "verify",
        "--pact",
        subset,
        "--provider-url",
        url,
        "--state-url",
        pactStateUrl.replace(/token=\w+/, "token=wrong"),
      );
      expect(refused.code).toBe(1);
    } finally {
      child.kill("SIGTERM");
      expect(await exitWithin(child, 10_000)).toBe(0);
    }
  }, 120_000);
});

describe("the Pact Broker, through the official pact-broker CLI", () => {
  let broker: FakeBroker;
  const saved = { ...process.env };
  beforeAll(async () => {
    broker = await startFakeBroker({ token: "t0ken-s3cret" });
    Object.assign(process.env, { PACT_BROKER_BASE_URL: broker.url, PACT_BROKER_TOKEN: "t0ken-s3cret" });
  });
  afterAll(async () => {
    for (const k of ["PACT_BROKER_BASE_URL", "PACT_BROKER_TOKEN"]) if (saved[k] === undefined) delete process.env[k];
    await broker.close();
  });

  it("publishes, says no until the provider verified, then yes", async () => {
    const pub = await cli("pact", "publish", PACT, "--consumer-app-version", "1.2.3", "--branch", "main");
    expect([pub.code, pub.out]).toEqual([
      0,
      expect.stringContaining(`published 1 pact file as version 1.2.3 on branch main to ${broker.url}`),
    ]);
    expect(broker.pacts.map((p) => [p.consumer, p.provider, p.version, p.branch])).toEqual([
      ["authlete-reference-sdk", "authlete", "1.2.3", "main"],
    ]);

    const before = await cli("pact", "can-i-deploy", "--pacticipant", "authlete-reference-sdk", "--version", "1.2.3");
    expect([before.code, before.out]).toEqual([
      1,
      expect.stringMatching(/^NO: .*Missing one or more required verification results/),
    ]);

    const verified = await cli(
      "pact",
      "verify",
      "--broker",
      "--publish",
      "--provider-version",
      "9.9.9",
      "--provider-branch",
      "main",
    );
    expect(verified.code).toBe(0);
    expect(broker.verifications).toEqual([
      expect.objectContaining({ provider: "authlete", providerVersion: "9.9.9", success: true }),
    ]);

    const after = await cli("pact", "can-i-deploy", "--pacticipant", "authlete-reference-sdk", "--version", "1.2.3");
    expect([after.code, after.out]).toEqual([
      0,
      expect.stringMatching(/^yes: .*All required verification results are published and successful/),
    ]);
  }, 180_000);

  it("says clearly when the token is refused, without printing it, and exits 2", async () => {
    process.env.PACT_BROKER_TOKEN = "wrong-token";
    try {
      const r = await cli("pact", "can-i-deploy", "--pacticipant", "x", "--version", "1");
      expect([r.code, r.err]).toEqual([2, expect.stringContaining(`refused the credentials (401)`)]);
      expect(r.err + r.out).not.toContain("wrong-token");
    } finally {
      process.env.PACT_BROKER_TOKEN = "t0ken-s3cret";
    }
  });

  it("says clearly when the broker is down, and exits 2", async () => {
    const r = await cli("pact", "publish", PACT, "--consumer-app-version", "1", "--broker-url", "http://127.0.0.1:9");
    expect([r.code, r.err]).toEqual([2, expect.stringContaining("cannot reach the broker at http://127.0.0.1:9")]);
  }, 60_000);
});

describe("pact check on hostile pact files", () => {
  const pactFile = (content: string) => {
    const f = join(mkdtempSync(join(tmpdir(), "conformance-pact-hostile-")), "p.json");
    writeFileSync(f, content);
    return f;
  };
  it.each([
    ['{"interactions":[null]}', /\/interactions\/0 must be object/],
    ['{"interactions":"GET /api"}', /\/interactions must be array/],
    ['{"interactions":{"0":{}}}', /\/interactions must be array/],
    [
      '{"interactions":[{"request":{"method":7,"path":"/api/auth/token"}}]}',
      /\/interactions\/0\/request\/method must be string/,
    ],
    [
      '{"interactions":[{"request":{"method":"POST","path":["/x"]}}]}',
      /\/interactions\/0\/request\/path must be string/,
    ],
    [`{"interactions":${"[".repeat(20_000)}${"]".repeat(20_000)}}`, /nested deeper than 128 levels/],
    ["\uFEFF{", /not valid JSON/],
  ])("%s: one clear line, exit 2, no crash", async (content, why) => {
    const r = await cli("pact", "check", pactFile(content));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("checkPact, called as a library, reports what is not a pact instead of crashing", () => {
    expect(checkPact({ interactions: [null] }, []).problems[0]?.message).toMatch(/\/interactions\/0 must be object/);
  });
});

describe("broker credentials are never echoed", () => {
  it("can-i-deploy against a broker that echoes the Authorization header: no password, no Basic value, in any output", async () => {
    const { createServer } = await import("node:http");
    const server = createServer((req, res) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          error: `server blew up handling Authorization: ${req.headers.authorization}`,
          auth: req.headers.authorization,
        }),
      );
    });
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const saved = { ...process.env };
    Object.assign(process.env, { PACT_BROKER_USERNAME: "ci-bot", PACT_BROKER_PASSWORD: "br0ker-Pa55-q7" });
    delete process.env.PACT_BROKER_TOKEN;
    try {
      const r = await cli("pact", "can-i-deploy", "--broker-url", url, "--pacticipant", "x", "--version", "1");
      expect(r.code).toBe(2);
      const all = r.out + r.err;
      expect(all).not.toContain("br0ker-Pa55-q7");
      expect(all).not.toContain(Buffer.from("ci-bot:br0ker-Pa55-q7").toString("base64").slice(0, 16));
    } finally {
      process.env = saved;
      await new Promise((ok) => server.close(ok));
    }
  }, 90_000);
});
