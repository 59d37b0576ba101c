/**
 * Loads a user's adapter module. TypeScript goes through tsx's scoped import, which compiles that
 * module and what it imports without registering tsx for the rest of the process; JavaScript is
 * a plain `import()`. A module is loaded once per process, like `import()` caches it: a restarted
 * adapter gets the same module, and tsx registers its scoped loader once per file, not per start.
 */
import { pathToFileURL } from "node:url";

const TYPESCRIPT = /\.[cm]?tsx?$/;

type Namespace = Record<string, unknown>;

const loaded = new Map<string, Namespace>();

export async function importModule(file: string): Promise<Namespace> {
  const url = pathToFileURL(file).href;
  const known = loaded.get(url);
  if (known) return known;
  // tsx is imported as an ES module even from the CommonJS build: its CommonJS tsImport cannot find its own loader.
  const ns = (await (TYPESCRIPT.test(file)
    ? (await import("tsx/esm/api")).tsImport(url, import.meta.url)
    : import(url))) as Namespace;
  // In a CommonJS project the module compiles to CommonJS: its `export default` arrives as
  // `default.default` (marked __esModule). Read it as the ES module it was written as.
  const cjs = ns.default as Namespace | undefined;
  const module = cjs !== null && typeof cjs === "object" && cjs.__esModule === true ? cjs : ns;
  loaded.set(url, module);
  return module;
}
