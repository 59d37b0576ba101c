import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import { applyBaseline } from "./baseline.ts";
import { renderJunit } from "./junit.ts";
import { failure, operation, report } from "./report.test-helper.ts";
import { xsdProblems } from "./xsd.test-helper.ts";

const XSD = join(KIT_ROOT, "schemas", "junit.xsd");

/** Validates with libxml2's xmllint (compiled to WebAssembly); returns its complaint, or "" when valid. */
const xmllint = (xml: string) => xsdProblems(xml, XSD);

const nullDrop = failure({
  check: "sdk.null-vs-absent",
  operationId: "client_get_api",
  action: "OK",
  fingerprint: "aaaa0001",
  path: "/x",
  expected: null,
  actual: "(absent)",
});
const withChecks = () => [
  operation("auth_token_api", {
    OK: { "sdk.decodes": { pass: 3 }, "sdk.int64-exact": { skip: 3 } },
    "(none)": { "sdk.error-mapping": { pass: 1 } },
  }),
  operation("client_get_api", { OK: { "sdk.decodes": { pass: 2 }, "sdk.null-vs-absent": { pass: 1, fail: 1 } } }),
  {
    ...operation("service_get_api"),
    unsupported: true,
    cases: 0,
    skipReason: "declared unsupported by the SDK adapter",
    actions: {},
  },
];

describe("renderJunit", () => {
  it("writes one testsuite per operation and one testcase per action × check, valid against the XSD", async () => {
    const xml = renderJunit(report([nullDrop], { operations: withChecks() }));
    expect(await xmllint(xml)).toBe("");
    expect(xml).toMatch(
      /<testsuites name="conformance sdk fixtures\/sdk\/reference \(seed 7\)" tests="6" failures="1" errors="0" skipped="2"/,
    );
    expect(xml).toContain('<testsuite name="client_get_api" id="1" tests="2" failures="1"');
    expect(xml).toContain('<testcase name="sdk.error-mapping" classname="conformance.auth_token_api"');
    expect(xml).toMatch(
      /<failure message="Received: absent" type="conformance.failure">Received: absent\nDocumented: null\nat \/x\nexpected: null\nactual: "\(absent\)"/,
    );
    expect(xml).toContain("replay: npx conformance replay client_get_api~coverage~0 --sdk x");
    expect(xml).toMatch(/<testcase name="sdk.int64-exact · action OK"[^>]*>\s*<skipped/);
    expect(xml).toContain('<skipped message="declared unsupported by the SDK adapter"/>');
  });

  it("carries the time the target spent: each action's shared among its checks, summed per suite", async () => {
    const ops = withChecks().map((o) => (o.operationId === "client_get_api" ? { ...o, ms: { OK: 1500 } } : o));
    const xml = renderJunit(report([nullDrop], { operations: ops }));
    expect(await xmllint(xml)).toBe("");
    expect(xml).toMatch(
      /<testcase name="sdk\.[\w.-]+ · action OK" classname="conformance\.client_get_api" time="0\.750"/,
    );
    expect(xml).toMatch(/<testsuite name="client_get_api" [^>]*time="1\.500"/);
  });

  it("passes warnings and baselined failures with a note, and fails warnings under --strict", async () => {
    const warn = { ...nullDrop, severity: "warn" as const };
    const lenient = renderJunit(report([warn], { operations: withChecks() }));
    expect(lenient).toMatch(/failures="0"/);
    expect(lenient).toContain("<system-out>warning (does not fail the gate without --strict)");
    expect(renderJunit(report([warn], { operations: withChecks(), strict: true }))).toMatch(
      /<testsuites [^>]*failures="1"/,
    );
    const known = applyBaseline(
      report([nullDrop], { operations: withChecks() }),
      {
        format: "conformance-baseline",
        version: 1,
        failures: [
          { fingerprint: "aaaa0001", check: "c", operationId: "client_get_api" },
          { fingerprint: "bbbb0002", check: "c", operationId: "auth_token_api" },
        ],
      },
      "b.json",
    );
    const xml = renderJunit(known);
    expect(await xmllint(xml)).toBe("");
    expect(xml).toMatch(/<testsuites [^>]*failures="0"/);
    expect(xml).toContain("known failure (listed in the baseline)");
    expect(xml).toContain("bbbb0002 is listed in b.json but no longer fails: remove it from the baseline.");
  });

  it("reports an incomplete run as an error testcase", async () => {
    const xml = renderJunit(report([], { complete: false, incompleteReason: "interrupted" }));
    expect(await xmllint(xml)).toBe("");
    expect(xml).toContain('<testcase name="run.complete" classname="conformance.run"');
    expect(xml).toContain('<error message="interrupted" type="conformance.error">');
  });

  it("escapes markup, quotes and characters XML forbids, and keeps astral characters", async () => {
    const nasty = failure({
      check: "sdk.decodes",
      operationId: "client_get_api",
      action: "OK",
      fingerprint: "cccc0003",
      message: 'bad <tag> & "quote" \u0001\u0008 ]]> 𝒜😀 \ud800',
      body: '{"a":"</failure>\u0000"}',
    });
    const xml = renderJunit(report([nasty], { operations: withChecks() }));
    expect(await xmllint(xml)).toBe("");
    expect(xml).toContain("bad &lt;tag&gt; &amp; &quot;quote&quot; \\u0001\\u0008 ]]&gt; 𝒜😀 \\ud800");
    expect(xml).toContain("&lt;/failure&gt;");
  });

  it("the XSD rejects what JUnit consumers would choke on (it can fail)", async () => {
    const xml = renderJunit(report([nullDrop], { operations: withChecks() }));
    expect(await xmllint(xml.replace(/ tests="6"/, ' tests="six"'))).toMatch(
      /tests.*not a valid value|fails to validate/,
    );
    expect(await xmllint(xml.replace(/ classname="conformance.auth_token_api"/, ""))).toMatch(
      /classname.*is required|fails to validate/,
    );
    // system-out must come after the outcome inside a testcase.
    expect(
      await xmllint(
        xml.replace(/(<testcase name="sdk.null-vs-absent · action OK"[^>]*>)/, "$1\n<system-out>x</system-out>"),
      ),
    ).toMatch(/fails to validate/);
  });
});
