/**
 * Loads a user's adapter module. TypeScript goes through tsx's scoped import, which compiles that
 * module and what it imports without registering tsx for the rest of the process; JavaScript is
 * a plain `import()`.
 */
import { pathToFileURL } from "node:url";

const TYPESCRIPT = /\.[cm]?tsx?$/;

type Namespace = Record<string, unknown>;

export async function importModule(file: string): Promise<Namespace> {
  const url = pathToFileURL(file).href;
  // tsx is imported as an ES module even from the CommonJS build: its CommonJS tsImport cannot find its own loader.
  const ns = (await (TYPESCRIPT.test(file) ? (await import("tsx/esm/api")).tsImport(url, import.meta.url) : import(url))) as Namespace;
  // In a CommonJS project the module compiles to CommonJS: its `export default` arrives as
  // `default.default` (marked __esModule). Read it as the ES module it was written as.
  const cjs = ns.default as Namespace | undefined;
  return cjs !== null && typeof cjs === "object" && cjs.__esModule === true ? cjs : ns;
}
