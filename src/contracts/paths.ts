import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The kit's own root folder (where package.json and contracts/ are). */
export const KIT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

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
