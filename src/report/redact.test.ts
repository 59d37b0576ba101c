import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import { redactor, REDACTED } from "./redact.ts";

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
  ])("%s", (input, output) => {
    expect(r(input)).toBe(output);
  });
});

describe("no secret reaches any output", () => {
  it("redacts planted secrets from every report format, stdout and stderr", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-redact-"));
    const secret = "planted-S3CRET-4b1d";
    const config = join(dir, "conformance.config.json");
    writeFileSync(config, JSON.stringify({ redact: ["ACME-\\d{4}-\\d{4}"] }));
    process.env.LEAKY_API_SECRET = secret;
    try {
      const r = await cli("run", "--config", config, "--sdk", "fixtures/sdk/hostile/leaky", "--operations", "auth_token_api,client_get_api", "--runs", "10", "--variant-runs", "1", "--seed", "1", "--report-dir", join(dir, "out"));
      expect(r.code).toBe(1);
      const outputs = [r.out, r.err, ...readdirSync(join(dir, "out")).map((f) => readFileSync(join(dir, "out", f), "utf8"))];
      expect(outputs).toHaveLength(6);
      // The leak is reported (the failure is real), with its secrets replaced.
      expect(outputs[0]).toContain(`Authorization: Bearer ${REDACTED}; apiSecret=${REDACTED}; licence ${REDACTED}`);
      for (const text of outputs) {
        expect(text).not.toContain(secret);
        expect(text).not.toMatch(/ACME-\d{4}-\d{4}/);
        expect(text).not.toMatch(/Bearer (?!\[redacted\]|&quot;|")[A-Za-z0-9_-]{8,}/);
      }
    } finally {
      delete process.env.LEAKY_API_SECRET;
    }
  });
});
