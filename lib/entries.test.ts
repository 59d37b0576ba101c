import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as source from "../src/index.ts";

const ROOT = join(import.meta.dirname, "..");

describe("package entries", () => {
  it("lib/index.js re-exports every runtime export of src/index.ts", async () => {
    const lib = (await import(join(ROOT, "lib", "index.js"))) as Record<string, unknown>;
    expect(Object.keys(lib).sort()).toEqual(Object.keys(source).sort());
  });

  it("`import from \"conformance\"` works under plain Node (no tsx on the command line)", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", 'import { run, loadProfile } from "conformance"; import { conformanceSuite } from "conformance/vitest"; console.log(typeof run, typeof conformanceSuite, loadProfile("authlete-3.0.16").contracts.length);'], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    expect(out.trim()).toBe("function function 84");
  });
});
