#!/usr/bin/env node
// The CLI, from the built package (dist/ is made by `npm run build`, which `npm ci` and `npm pack` run).
import { existsSync } from "node:fs";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  console.error("conformance: the kit is not built (no dist/): run `npm run build` in its folder");
  process.exit(2);
}
process.env.PACT_DO_NOT_TRACK ??= "true";
await import(main.href);
