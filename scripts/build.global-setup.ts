/**
 * vitest's global setup: brings dist/ up to date before any test file runs (tests of the package
 * entries, the packed tarball and the vitest fixture project use it), and never while one runs.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

export default function setup(): void {
  const root = join(import.meta.dirname, "..");
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "tsx", "dist", "cli.mjs"), join(root, "scripts", "build.ts"), "--if-stale"],
    { stdio: "inherit", timeout: 300_000 },
  );
}
