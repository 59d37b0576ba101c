import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importModule } from "./import-module.ts";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
type Adapter = { start(): { name: string }; call(): Promise<{ result: { decoded: unknown } }> };

describe("importModule", () => {
  it("loads a JavaScript ES module as it is", async () => {
    const ns = await importModule(join(FIXTURES, "module-adapter.mjs"));
    expect((ns.default as Adapter).start().name).toBe("module-adapter");
  });

  it("reads a TypeScript module of a CommonJS project as the ES module it was written as", async () => {
    const ns = await importModule(join(FIXTURES, "commonjs-project", "adapter.ts"));
    const adapter = ns.default as Adapter;
    expect(adapter.start().name).toBe("commonjs-adapter");
    // It really ran as CommonJS (so the unwrapping was needed), compiled by tsx.
    expect((await adapter.call()).result.decoded).toEqual({ module: "object" });
  });

  it("loads a TypeScript module once: a restarted adapter gets the same module", async () => {
    const file = join(FIXTURES, "commonjs-project", "adapter.ts");
    expect(await importModule(file)).toBe(await importModule(file));
  });
});
