/**
 * `npm run docs:screenshot`: the README's picture of a red report, docs/images/html-report.png.
 * A real run of the reference SDK with one defect (fixtures/sdk/mutants/int64_through_number),
 * its HTML report opened in headless Chromium with the first failure expanded. Run it after
 * changing the HTML report and commit the picture; scripts/docs-screenshot.test.ts checks that the
 * script works and that the picture is there.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
import { run } from "../src/index.ts";

const ROOT = join(import.meta.dirname, "..");
export const README_IMAGE = join(ROOT, "docs", "images", "html-report.png");
const CHROMIUM = "/usr/bin/chromium";

/** Runs the defective SDK, screenshots its report to `out`; returns the run's exit code and distinct failures. */
export async function screenshotReport(out: string): Promise<{ exitCode: number; failures: number }> {
  const dir = mkdtempSync(join(tmpdir(), "docs-screenshot-"));
  const result = await run({
    sdk: "fixtures/sdk/mutants/int64_through_number",
    cwd: ROOT,
    operations: ["auth_authorization_api", "auth_token_api", "client_get_api", "service_get_api"],
    runs: 20,
    variantRuns: 1,
    seed: 7,
    reportDir: dir,
    formats: ["html"],
    config: false,
  });
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    timeout: 30_000,
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 800 });
    await page.goto(pathToFileURL(result.files.html!).href, { waitUntil: "load", timeout: 30_000 });
    await page.$eval("#failures details", (d) => d.setAttribute("open", ""));
    await page.screenshot({ path: out, fullPage: true });
  } finally {
    await browser.close();
  }
  return { exitCode: result.exitCode, failures: result.report.summary.failures };
}

if (import.meta.filename === process.argv[1]) {
  const { failures } = await screenshotReport(README_IMAGE);
  console.log(`wrote ${README_IMAGE} (a report with ${failures} distinct failures)`);
}
