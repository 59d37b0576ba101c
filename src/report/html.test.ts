import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser } from "puppeteer-core";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../contracts/paths.ts";
import { lineDiff, renderHtml } from "./html.ts";
import { failure, operation, report } from "./report.test-helper.ts";

const CHROMIUM = "/usr/bin/chromium";
/** The DOM method the test needs (the kit's tsconfig has no DOM types). */
type Visible = { checkVisibility(): boolean };
const HOSTILE = '{"name":"</script><script>alert(1)</script>","x":"<img src=x onerror=alert(2)>"}';

function sample() {
  const drop = failure({
    check: "sdk.null-vs-absent",
    operationId: "client_get_api",
    action: "OK",
    fingerprint: "aaaa0001",
    path: "/authorizationSignAlg",
    expected: { authorizationSignAlg: null },
    actual: {},
    body: HOSTILE,
  });
  const warn = failure({
    check: "sdk.unknown-action-tolerated",
    operationId: "auth_token_api",
    action: "(unknown action)",
    fingerprint: "bbbb0002",
    severity: "warn",
  });
  return report([drop, warn], {
    operations: [
      operation("auth_token_api", {
        OK: { "sdk.decodes": { pass: 3 } },
        PASSWORD: { "sdk.decodes": { pass: 2 } },
        "(unknown action)": { "sdk.unknown-action-tolerated": { warn: 1 } },
      }),
      operation("client_get_api", {
        OK: { "sdk.decodes": { pass: 2 }, "sdk.null-vs-absent": { pass: 1, fail: 1 } },
        "(none)": { "sdk.decodes": { skip: 1 } },
      }),
      {
        ...operation("service_get_api"),
        unsupported: true,
        cases: 0,
        skipReason: "declared unsupported by the SDK adapter",
        actions: {},
      },
    ],
  });
}

describe("renderHtml", () => {
  it("is self-contained: a CSP that forbids the network and no external references", () => {
    const html = renderHtml(sample());
    expect(html).toMatch(
      /content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; img-src data:"/,
    );
    expect(html).not.toContain("unsafe-inline");
    expect(html).not.toMatch(/\sstyle="/);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });

  it("renders hostile bodies and messages as text", () => {
    const html = renderHtml(sample());
    expect(html).not.toContain("<script>alert(1)");
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("escapes every value by default, wherever it lands: a seed, a title, an attribute", () => {
    const hostile = '<img src=x onerror=alert(1)>"';
    const r = {
      ...sample(),
      seed: hostile as unknown as number,
      profile: hostile,
      target: { kind: "sdk" as const, spec: `" onmouseover="${hostile}` },
    };
    const html = renderHtml(r);
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain('" onmouseover="');
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;&quot;");
  });

  it("diffs expected and actual line by line", () => {
    expect(lineDiff("a\nb\nc", "a\nc\nd")).toEqual([
      ["same", "a"],
      ["del", "b"],
      ["same", "c"],
      ["add", "d"],
    ]);
  });
});

describe("the HTML report in headless Chromium", () => {
  // Never skipped: npm test's pretest installs Debian's chromium (scripts/debian-packages.ts).
  it("renders the matrix, expands a failure, filters, and saves a screenshot", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "html-report-")), "report.html");
    writeFileSync(file, renderHtml(sample()));
    let browser: Browser | undefined;
    try {
      browser = await puppeteer.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        timeout: 30_000,
      });
      const page = await browser.newPage();
      const network: string[] = [];
      const dialogs: string[] = [];
      page.on("request", (r) => void (/^(file|data|about):/.test(r.url()) || network.push(r.url())));
      page.on("dialog", (d) => void (dialogs.push(d.message()), d.dismiss()));
      await page.setViewport({ width: 1280, height: 900 });
      await page.goto(pathToFileURL(file).href, { waitUntil: "load", timeout: 30_000 });

      // The matrix: one row per operation, the failing cell red.
      expect(await page.$$eval("#matrix tr[data-op]", (rows) => rows.length)).toBe(3);
      expect(
        await page.$eval('#matrix .cell[data-op="client_get_api"][data-action="OK"]', (c) => [
          c.getAttribute("data-status"),
          (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(c)
            .backgroundColor,
        ]),
      ).toEqual(["fail", "rgb(215, 58, 73)"]);
      expect(
        await page.$eval('#matrix .cell[data-op="auth_token_api"][data-action="(unknown action)"]', (c) =>
          c.getAttribute("data-status"),
        ),
      ).toBe("warn");

      // Every cause is listed first, its example open, with the replay command visible; the search box narrows them.
      expect(await page.$$eval("#causes details.cause", (cs) => cs.length)).toBe(2);
      expect(
        await page.$eval("#causes details.cause .replay-command", (e) => (e as unknown as Visible).checkVisibility()),
      ).toBe(true);
      await page.type("#text-filter", "unknown-action");
      expect(
        await page.$$eval("#causes details.cause", (cs) => cs.filter((c) => !c.classList.contains("hidden")).length),
      ).toBe(1);
      await page.$eval("#text-filter", (e) => ((e as unknown as { value: string }).value = ""));
      await page.type("#text-filter", " ");

      // An entry is collapsed, then shows its body and replay command when opened.
      const detail = '#failures details[data-fingerprint="aaaa0001"]';
      expect(await page.$eval(`${detail} .replay-command`, (e) => (e as unknown as Visible).checkVisibility())).toBe(
        false,
      );
      await page.click('#matrix .cell[data-op="client_get_api"][data-action="OK"]');
      expect(await page.$eval(detail, (d) => (d as unknown as { open: boolean }).open)).toBe(true);
      expect(
        await page.$eval(`${detail} .replay-command`, (e) => [
          (e as unknown as Visible).checkVisibility(),
          e.textContent,
        ]),
      ).toEqual([true, "npx conformance replay client_get_api~coverage~0 --sdk x"]);
      expect(await page.$eval(`${detail} pre.body`, (e) => e.textContent)).toContain(
        "</script><script>alert(1)</script>",
      );
      expect(await page.$eval(`${detail} pre.diff`, (e) => e.textContent)).toMatch(
        /− \{.*− +"authorizationSignAlg": null.*\+ \{\}/s,
      );

      // Filters: unticking "pass" hides passing cells; a check filter recolours by that check.
      await page.click('.status-filter[value="pass"]');
      expect(
        await page.$eval('#matrix .cell[data-op="auth_token_api"][data-action="PASSWORD"]', (c) =>
          c.classList.contains("hidden"),
        ),
      ).toBe(true);
      expect(
        await page.$eval('#matrix .cell[data-op="client_get_api"][data-action="OK"]', (c) =>
          c.classList.contains("hidden"),
        ),
      ).toBe(false);
      await page.click('.status-filter[value="pass"]');
      await page.select("#check-filter", "sdk.decodes");
      expect(await page.$eval('#matrix .cell[data-op="client_get_api"][data-action="OK"]', (c) => c.className)).toBe(
        "cell s-pass",
      );
      await page.select("#check-filter", "");

      expect(network).toEqual([]);
      expect(dialogs).toEqual([]);
      const shot = join(KIT_ROOT, "reports", "html-report.png");
      mkdirSync(join(KIT_ROOT, "reports"), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      expect(existsSync(shot)).toBe(true);
    } finally {
      await browser?.close();
    }
  }, 90_000);
});
