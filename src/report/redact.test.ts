import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import { loadProfile } from "../contracts/store.ts";
import { plannedFromId } from "../run/plan.ts";
import type { Report } from "./model.ts";
import { commandSecrets, environmentSecrets, redactor, REDACTED } from "./redact.ts";

describe("redactor", () => {
  const r = redactor(["s3cr3t-value"], [/ACME-\d{4}-\d{4}/]);
  it.each([
    ["Authorization: Bearer abc.def-123", `Authorization: Bearer ${REDACTED}`],
    ["Basic dXNlcjpwYXNz", `Basic ${REDACTED}`],
    ['{"clientSecret": "x y z", "clientId": 5}', `{"clientSecret": "${REDACTED}", "clientId": 5}`],
    ['{"accessToken":"a\\"b"}', `{"accessToken":"${REDACTED}"}`],
    ["grant_type=password&client_secret=hunter2&x=1", `grant_type=password&client_secret=${REDACTED}&x=1`],
    ["the value s3cr3t-value leaked", `the value ${REDACTED} leaked`],
    ["licence ACME-7731-0042", `licence ${REDACTED}`],
    ['{"accessTokenDuration": 3600, "tokenType": "Bearer"}', '{"accessTokenDuration": 3600, "tokenType": "Bearer"}'],
    ["connect postgres://app:pa55w0rd@db:5432/app failed", `connect postgres://app:${REDACTED}@db:5432/app failed`],
    ["run --password hunter22 --verbose", `run --password ${REDACTED} --verbose`],
    ["run --api-key=abc123xyz --x", `run --api-key=${REDACTED} --x`],
    ['node a.js --client-secret "two words" next', `node a.js --client-secret ${REDACTED} next`],
    ["b64 czNjcjN0LXZhbHVl end", `b64 ${REDACTED} end`],
    ["url s3cr3t%2Dvalue? no: s3cr3t-value", `url s3cr3t%2Dvalue? no: ${REDACTED}`],
  ])("%s", (input, output) => {
    expect(r(input)).toBe(output);
  });

  it("finds a known secret inside any base64 text, at any offset, and URL-encoded", () => {
    const secret = "p@ss/w+rd&=42";
    const rr = redactor([secret]);
    for (const prefix of ["", "u:", "us:", "use:"]) {
      const b64 = Buffer.from(`${prefix}${secret}!tail`).toString("base64");
      expect(rr.exact(`x ${b64} y`)).not.toContain(b64);
      expect(rr.exact(Buffer.from(`${prefix}${secret}`).toString("base64url"))).toContain(REDACTED);
    }
    expect(rr.exact(`q=${encodeURIComponent(secret)}`)).toBe(`q=${REDACTED}`);
  });

  it("applies the shapes of secrets to free text, never to data: exact() keeps a sample password as generated", () => {
    const sample = '{"password":"generated-sample","accessToken":"tok-from-the-mock"}';
    expect(r.exact(sample)).toBe(sample);
    expect(r(sample)).toBe(`{"password":"${REDACTED}","accessToken":"${REDACTED}"}`);
  });
});

describe("command-line secrets", () => {
  it("takes the values of secret flags, secret assignments and URL passwords", () => {
    expect(
      commandSecrets(
        `API_TOKEN=tok-1 node a.js --api-key k-2 --password="p 3" --url https://u:pw-4@h/ --verbose --seed 5`,
      ).sort(),
    ).toEqual(["k-2", "k-2", "p 3", "p 3", "pw-4", "pw-4", "tok-1", "tok-1"]);
  });
});

describe("environment secrets", () => {
  it("takes secret-named values (*_KEY, *_SECRET, *_TOKEN, *_PASSWORD, *_CREDS) and URL passwords, nothing else", () => {
    const env = {
      STRIPE_KEY: "sk-1",
      APP_SECRET: "s-2",
      GH_TOKEN: "t-3",
      DB_PASSWORD: "p-4",
      SVC_CREDS: "c-5",
      DATABASE_URL: "postgres://app:pw%2F6@db/app",
      HOME: "/root",
      PATH: "/usr/bin",
    };
    expect(environmentSecrets(env).sort()).toEqual(["c-5", "p-4", "pw%2F6", "pw/6", "s-2", "sk-1", "t-3"]);
  });
});

/** Every output of a run: stdout, stderr and each report file (no temporary file may be left). */
const outputsOf = (r: { out: string; err: string }, dir: string) => {
  const files = readdirSync(dir);
  expect(files.filter((f) => !f.startsWith("conformance-report"))).toEqual([]);
  return [r.out, r.err, ...files.map((f) => readFileSync(join(dir, f), "utf8"))];
};

/** The forms a planted secret may take: as written, base64, inside a Basic header, and its first half (a cut before redaction). */
const formsOf = (secret: string) => [
  secret,
  Buffer.from(secret).toString("base64").slice(0, 20),
  Buffer.from(`svc:${secret}`).toString("base64").slice(4, 24),
  secret.slice(0, Math.ceil(secret.length / 2)),
];

describe("no secret reaches any output", () => {
  it("redacts planted secrets from every report format, stdout and stderr, and shows the served body as it was", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-redact-"));
    const secret = "planted-S3CRET-4b1d";
    const dbPassword = "db-Pa55-9x7q";
    const creds = "creds-Zq81-value";
    const config = join(dir, "conformance.config.json");
    writeFileSync(config, JSON.stringify({ redact: ["ACME-\\d{4}-\\d{4}"] }));
    Object.assign(process.env, {
      LEAKY_API_SECRET: secret,
      DATABASE_URL: `postgres://app:${dbPassword}@db.internal/app`,
      LEAKY_CREDS: creds,
    });
    try {
      const r = await cli(
        "run",
        "--config",
        config,
        "--sdk",
        "fixtures/sdk/hostile/leaky",
        "--operations",
        "auth_token_api,client_get_api",
        "--runs",
        "10",
        "--variant-runs",
        "1",
        "--seed",
        "1",
        "--report-dir",
        join(dir, "out"),
      );
      expect(r.code).toBe(1);
      const outputs = outputsOf(r, join(dir, "out"));
      expect(outputs).toHaveLength(6);
      // The leak is reported (the failure is real), with its secrets replaced.
      expect(outputs[0]).toContain(`Authorization: Bearer ${REDACTED}; apiSecret=${REDACTED}; licence ${REDACTED}`);
      for (const text of outputs) {
        for (const form of [...formsOf(secret), dbPassword, creds]) expect(text).not.toContain(form);
        expect(text).not.toMatch(/ACME-\d{4}-\d{4}/);
        expect(text).not.toMatch(/Bearer (?!\[redacted\]|&quot;|")[A-Za-z0-9_-]{8,}/);
      }
      // The body shown is the body served: sample tokens the mock generated are data, not secrets.
      const report = JSON.parse(readFileSync(join(dir, "out", "conformance-report.json"), "utf8")) as Report;
      const leak = report.failures.find((f) => f.operationId === "auth_token_api")!;
      const served = plannedFromId(loadProfile("authlete-3.0.16").byId.get("auth_token_api")!, leak.caseId);
      expect(typeof served === "string" ? served : served.case.body).toBe(leak.body);
      expect(leak.body).toMatch(/"accessToken":"(?!\[redacted\])/);
    } finally {
      for (const k of ["LEAKY_API_SECRET", "DATABASE_URL", "LEAKY_CREDS"]) delete process.env[k];
    }
  }, 60_000);

  it("redacts a stdio adapter's secrets: its command line and replay commands, a garbage line cut at 200 characters, its errors and stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-redact-stdio-"));
    const secret = "cmdline-K3y-77aa90";
    const dbPassword = "db-Pa55-stdio-1";
    process.env.DATABASE_URL = `postgres://app:${dbPassword}@db.internal/app`;
    try {
      const r = await cli(
        "run",
        "--sdk",
        `node fixtures/sdk/hostile/leaky/stdio.mjs --api-key ${secret}`,
        "--operations",
        "service_get_api,client_get_api,auth_token_api",
        "--runs",
        "2",
        "--variant-runs",
        "0",
        "--seed",
        "1",
        "--report-dir",
        join(dir, "out"),
      );
      expect(r.code).toBe(1);
      const outputs = outputsOf(r, join(dir, "out"));
      expect(outputs).toHaveLength(6);
      const report = JSON.parse(readFileSync(join(dir, "out", "conformance-report.json"), "utf8")) as Report;
      expect(report.target.spec).toBe(`node fixtures/sdk/hostile/leaky/stdio.mjs --api-key ${REDACTED}`);
      const messages = report.failures.map((f) => f.message).join("\n");
      expect(messages).toMatch(/adapter garbage: .*: y{150,}/);
      expect(messages).toMatch(/retry with --password \[redacted\] header Basic \[redacted\]/);
      expect(messages).toMatch(
        /adapter crash: .*stderr: fatal: key \[redacted\] rejected by postgres:\/\/app:\[redacted\]@db/,
      );
      for (const text of outputs) for (const form of [...formsOf(secret), dbPassword]) expect(text).not.toContain(form);
    } finally {
      delete process.env.DATABASE_URL;
    }
  }, 60_000);
});
