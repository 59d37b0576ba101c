import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The kit's own root folder (package.json, contracts/, schemas/): the nearest folder above this
 * module that holds schemas/config-v1.json, so it is found from the sources (src/contracts/) and
 * from the built package (dist/src/contracts/, or the CommonJS bundle) alike.
 */
export const KIT_ROOT = kitRoot(dirname(fileURLToPath(import.meta.url)));

function kitRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "schemas", "config-v1.json")) && existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`the kit's folder (package.json and schemas/) is not above ${from}: the package is incomplete`);
  }
}

export const DEFAULT_PROFILE = "authlete-3.0.16";

/** Committed contracts of a profile. */
export function contractsDir(profile: string, root = KIT_ROOT): string {
  return join(root, "contracts", profile);
}

/**
 * Where the reference files are looked for by default: $CONFORMANCE_REFERENCE_DIR, else
 * ../shared/reference beside the kit (the development layout). Returns undefined when absent.
 */
export function referenceDir(): string | undefined {
  const candidates = [process.env.CONFORMANCE_REFERENCE_DIR, join(KIT_ROOT, "..", "shared", "reference")];
  return candidates.find((d): d is string => !!d && existsSync(d));
}

export const SPEC_FILE = "authlete-openapi-3.0.16.yaml";
export const FACTS_FILE = "authlete-actions.json";
