import { describe, expect, it } from "vitest";
import { cell, fenced, renderMarkdown } from "./markdown.ts";
import { failure, report } from "./report.test-helper.ts";

const f = (over: Partial<Parameters<typeof failure>[0]> = {}) =>
  failure({ check: "sdk.null-vs-absent", operationId: "client_get_api", fingerprint: "aaaa0001", ...over });

describe("renderMarkdown", () => {
  it("puts the verdict first, failures before warnings and coverage", () => {
    const md = renderMarkdown(
      report([f(), f({ fingerprint: "bbbb0002", severity: "warn", check: "sdk.unknown-action-tolerated" })]),
    );
    expect(md).toMatch(
      /^# Conformance report\n\n## ❌ Does not conform\n\n2 operations, 6 cases · 1 failing · 1 warnings/,
    );
    const at = (s: string) => md.indexOf(s);
    expect(at("### Failures (1)")).toBeGreaterThan(0);
    expect(at("### Failures (1)")).toBeLessThan(at("### Warnings (1)"));
    expect(at("### Warnings (1)")).toBeLessThan(at("### Coverage"));
    expect(md).toContain("| client_get_api | 3 | 100% | 4/4 | ❌ |");
    expect(md).toContain("```sh\nnpx conformance replay client_get_api~coverage~0 --sdk x\n```");
  });

  it("has a heading for each exit code and flags an incomplete run", () => {
    expect(renderMarkdown(report([]))).toContain("## ✅ Conforms");
    const broken = report([], { complete: false, incompleteReason: "the SDK adapter did not start" });
    broken.summary.exitCode = 2;
    const md = renderMarkdown(broken);
    expect(md).toContain("## ⚠️ Error: the run could not complete");
    expect(md).toContain("INCOMPLETE: the SDK adapter did not start");
  });

  it("keeps tables intact whatever the message holds", () => {
    expect(cell("a|b\nc <script> & d")).toBe("a\\|b c &lt;script&gt; &amp; d");
    const md = renderMarkdown(report([f({ message: "x | y\n<b>z</b>" })]));
    expect(md).toContain("| `sdk.null-vs-absent` | x \\| y | client_get_api ((none)) | 1 |");
  });

  it("fences bodies with more backticks than they hold, and truncates long ones", () => {
    expect(fenced("a ``` b")).toBe("````\na ``` b\n````");
    const md = renderMarkdown(report([f({ body: JSON.stringify({ s: "`````", pad: "x".repeat(5000) }) })]));
    expect(md).toContain("``````json\n");
    expect(md).toMatch(/… \(\d+ more characters in the JSON report\)/);
  });

  it("lists every cause, with capped bodies so the summary stays readable", () => {
    const many = Array.from({ length: 130 }, (_, k) =>
      f({
        fingerprint: k.toString(16).padStart(8, "0"),
        path: `/f${k}`,
        body: JSON.stringify({ pad: "x".repeat(5000) }),
      }),
    );
    const md = renderMarkdown(report(many));
    expect(md.match(/<details><summary><code>/g)).toHaveLength(130);
    expect(md.length).toBeLessThan(400_000);
  });

  it("groups entries of one cause into one line, listing where it was seen", () => {
    const entries = ["auth_token_api", "client_get_api"].map((op, k) =>
      f({
        operationId: op,
        fingerprint: `cccc000${k}`,
        check: "sdk.decodes",
        message: "Received: decode error: unknown value\nDocumented: decodes",
        signature: "decode error: unknown value",
        action: "OK",
      }),
    );
    const md = renderMarkdown(report(entries));
    expect(md).toContain("### Failures (1)");
    expect(md).toContain("auth_token_api (OK); client_get_api (OK)");
    expect(md).toMatch(/2 operations, 6 cases · 1 failing · 0 warnings · 2 entries/);
  });

  it("shows int64 digits exactly as served", () => {
    const md = renderMarkdown(report([f({ body: '{"accessTokenExpiresAt":9223372036854775807}' })]));
    expect(md).toContain('"accessTokenExpiresAt": 9223372036854775807');
  });

  it("lists known failures and fixed baseline entries apart", () => {
    const r = report([f({ baselined: true })]);
    r.baseline = { file: "expected.json", listed: 2, matched: 1, fixed: ["bbbb0002"] };
    const md = renderMarkdown(r);
    expect(md).toContain("### Known failures (baseline) (1)");
    expect(md).toContain("### Fixed since the baseline (1)");
    expect(md).toContain("- `bbbb0002`");
  });
});
