import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_ROOT } from "../contracts/paths.ts";

/** The kit's version, from package.json. */
export function version(): string {
  return (JSON.parse(readFileSync(join(KIT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}
