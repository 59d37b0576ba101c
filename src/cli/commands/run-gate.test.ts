/**
 * The CI gate end to end, in process against the reference SDK and its mutants: report formats,
 * the baseline ratchet, shards and merge, and the config file.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Baseline } from "../../report/baseline.ts";
import type { Report } from "../../report/model.ts";
import { xsdProblems } from "../../report/xsd.test-helper.ts";
import { cli } from "../run-cli.test-helper.ts";

const tmp = () => mkdtempSync(join(tmpdir(), "conformance-gate-"));
const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8")) as Report;
const OPS = "auth_token_api,client_get_api,service_get_api,client_delete_api,get_api_lifecycle_healthcheck";
const SMALL = ["--operations", OPS, "--runs", "20", "--variant-runs", "2", "--seed", "5", "--quiet"];
const REFERENCE = "fixtures/sdk/reference";
const DROPS_NULL = "fixtures/sdk/mutants/drops_null";

describe("report formats", () => {
  it("writes json, junit, markdown and html by default, and only what --format asks for beside json", async () => {
    const all = tmp();
    expect((await cli("run", "--sdk", DROPS_NULL, ...SMALL, "--report-dir", all)).code).toBe(1);
    for (const f of [
      "conformance-report.json",
      "conformance-report.junit.xml",
      "conformance-report.md",
      "conformance-report.html",
    ])
      expect(existsSync(join(all, f)), f).toBe(true);
    // The real run's JUnit validates against the published XSD (libxml2's xmllint as WebAssembly).
    expect(await xsdProblems(readFileSync(join(all, "conformance-report.junit.xml"), "utf8"))).toBe("");
    expect(readFileSync(join(all, "conformance-report.junit.xml"), "utf8")).toMatch(
      /<failure message="[^"]*" type="conformance.failure">/,
    );
    const some = tmp();
    expect((await cli("run", "--sdk", DROPS_NULL, ...SMALL, "--report-dir", some, "--format", "md")).code).toBe(1);
    expect(["json", "md", "junit.xml", "html"].map((x) => existsSync(join(some, `conformance-report.${x}`)))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect((await cli("run", "--sdk", DROPS_NULL, "--format", "pdf")).err).toMatch(/unknown format "pdf"/);
  });
});

describe("machine output", () => {
  it("--json prints one JSON line on stdout and nothing on stderr", async () => {
    const dir = tmp();
    const r = await cli("run", "--sdk", DROPS_NULL, ...SMALL, "--report-dir", dir, "--json");
    expect(r.err).toBe("");
    const lines = r.out.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      exitCode: 1,
      seed: 5,
      complete: true,
      summary: { exitCode: 1 },
      files: { json: join(dir, "conformance-report.json") },
    });
  });
});

describe("baseline ratchet", () => {
  it("accepts listed failures, fails on new ones, and reports fixed entries", async () => {
    const dir = tmp();
    const baseline = join(dir, "expected-failures.json");
    const write = await cli(
      "run",
      "--sdk",
      DROPS_NULL,
      ...SMALL,
      "--report-dir",
      join(dir, "a"),
      "--baseline",
      baseline,
      "--update-baseline",
    );
    expect(write.code).toBe(0);
    const b = JSON.parse(readFileSync(baseline, "utf8")) as Baseline;
    expect(b.failures.length).toBeGreaterThan(0);
    expect(new Set(b.failures.map((e) => e.check))).toEqual(new Set(["sdk.null-vs-absent"]));

    // The same defects again: known, reported, exit 0.
    const again = await cli(
      "run",
      "--sdk",
      DROPS_NULL,
      ...SMALL,
      "--report-dir",
      join(dir, "b"),
      "--baseline",
      baseline,
    );
    expect(again.code).toBe(0);
    expect(readReport(join(dir, "b")).summary.baselined).toBeGreaterThan(0);

    // A new defect on top: exit 1, and only the new one counts.
    const worse = await cli(
      "run",
      "--sdk",
      "fixtures/sdk/mutants/int64_through_number",
      ...SMALL,
      "--report-dir",
      join(dir, "c"),
      "--baseline",
      baseline,
    );
    expect(worse.code).toBe(1);
    const c = readReport(join(dir, "c"));
    expect(c.failures.filter((f) => !f.baselined).every((f) => f.check === "sdk.int64-exact")).toBe(true);

    // Fixed: every entry is reported so the baseline can shrink.
    const fixed = await cli(
      "run",
      "--sdk",
      REFERENCE,
      ...SMALL,
      "--report-dir",
      join(dir, "d"),
      "--baseline",
      baseline,
    );
    expect(fixed.code).toBe(0);
    expect(readReport(join(dir, "d")).baseline?.fixed).toEqual(b.failures.map((e) => e.fingerprint).sort());
  });

  it("refuses --update-baseline without a file, and a missing baseline file", async () => {
    expect((await cli("run", "--sdk", REFERENCE, "--update-baseline")).err).toMatch(
      /--update-baseline needs --baseline FILE/,
    );
    const r = await cli("run", "--sdk", REFERENCE, ...SMALL, "--baseline", "/nope/b.json");
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/baseline file not found/)]);
  });
});

describe("shards", () => {
  it("merge of --shard 1/3..3/3 is the unsharded report", async () => {
    const dir = tmp();
    const whole = await cli(
      "run",
      "--sdk",
      DROPS_NULL,
      ...SMALL,
      "--report-dir",
      join(dir, "whole"),
      "--format",
      "json",
    );
    const shards = [];
    for (const i of [1, 2, 3]) {
      const r = await cli(
        "run",
        "--sdk",
        DROPS_NULL,
        ...SMALL,
        "--shard",
        `${i}/3`,
        "--report-dir",
        join(dir, `s${i}`),
        "--format",
        "json",
      );
      expect(readReport(join(dir, `s${i}`)).shard).toEqual({ index: i, total: 3 });
      shards.push(r);
    }
    const merged = await cli(
      "merge",
      ...[3, 1, 2].map((i) => join(dir, `s${i}`, "conformance-report.json")),
      "--report-dir",
      join(dir, "merged"),
      "--quiet",
    );
    expect(merged.code).toBe(whole.code);
    // Everything but the clock: when the run happened and how long the target took per action.
    const strip = ({ startedAt: _s, finishedAt: _f, ...r }: Report) => ({
      ...r,
      operations: r.operations.map(({ ms: _ms, ...o }) => o),
    });
    expect(strip(readReport(join(dir, "merged")))).toEqual(strip(readReport(join(dir, "whole"))));
    expect(existsSync(join(dir, "merged", "conformance-report.html"))).toBe(true);
  });

  it("names what is wrong with a shard set", async () => {
    const dir = tmp();
    await cli(
      "run",
      "--sdk",
      REFERENCE,
      ...SMALL,
      "--shard",
      "1/2",
      "--report-dir",
      join(dir, "s1"),
      "--format",
      "json",
    );
    const r = await cli("merge", join(dir, "s1", "conformance-report.json"));
    expect([r.code, r.err]).toEqual([2, expect.stringMatching(/missing shard 2\/2/)]);
    expect((await cli("run", "--sdk", REFERENCE, "--shard", "3/2")).err).toMatch(/--shard must be i\/n with 1 ≤ i ≤ n/);
  });
});

describe("config file", () => {
  const config = (content: unknown) => {
    const dir = tmp();
    writeFileSync(
      join(dir, "conformance.config.json"),
      typeof content === "string" ? content : JSON.stringify(content),
    );
    return dir;
  };

  it("runs from the config, with flags overriding it", async () => {
    const dir = config({
      sdk: { adapter: join(process.cwd(), DROPS_NULL) },
      operations: ["client_get_api"],
      runs: 20,
      variantRuns: 1,
      seed: 3,
      report: { dir: "out", formats: ["md"] },
      checks: { "sdk.null-vs-absent": "warn" },
    });
    const r = await cli("run", "--config", join(dir, "conformance.config.json"), "--quiet");
    expect(r.code).toBe(0); // the failing check was turned into a warning
    const report = readReport(join(dir, "out"));
    expect(report).toMatchObject({ seed: 3, runs: 20, summary: { failures: 0 } });
    expect(report.summary.warnings).toBeGreaterThan(0);
    expect(existsSync(join(dir, "out", "conformance-report.html"))).toBe(false);
    const flagged = await cli(
      "run",
      "--config",
      join(dir, "conformance.config.json"),
      "--check",
      "sdk.null-vs-absent=fail",
      "--report-dir",
      join(dir, "flag"),
      "--quiet",
    );
    expect(flagged.code).toBe(1);
  });

  it.each([
    [{ sdk: { adapter: "x" }, runz: 5 }, /unknown key "runz": did you mean "runs"\?/],
    [{ sdk: { adapter: "x" }, runs: "10" }, /runs must be integer, got "10" \(write 10 without quotes\)/],
    [
      { sdk: { adapter: "x" }, report: { formats: ["pdf"] } },
      /report\.formats\.0 must be one of "json", "junit", "md", "html"/,
    ],
    [{ pact: { brokerToken: "s3cr3t" } }, /unknown key "pact\.brokerToken": never put the token in the file/],
    [{ sdk: { adapter: "x" }, checks: { "sdk.nul-vs-absent": "off" } }, /unknown check "sdk\.nul-vs-absent"/],
  ])("rejects a bad config with exit 2, naming the key (%#)", async (content, message) => {
    const r = await cli("run", "--config", join(config(content), "conformance.config.json"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/s3cr3t/);
  });
});
