import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../errors.ts";
import { parseSdkTarget } from "./target-spec.ts";

const ROOT = join(import.meta.dirname, "..", "..");

describe("--sdk values", () => {
  it.each([
    ["fixtures/sdk/reference", join(ROOT, "fixtures/sdk/reference/adapter.ts")],
    ["fixtures/sdk/reference/adapter.ts", join(ROOT, "fixtures/sdk/reference/adapter.ts")],
    ["src/targets/__fixtures__/module-adapter.mjs", join(ROOT, "src/targets/__fixtures__/module-adapter.mjs")],
    [join(ROOT, "fixtures/sdk/mutants/drops_null"), join(ROOT, "fixtures/sdk/mutants/drops_null/adapter.ts")],
    ["conformance:example", join(ROOT, "example/adapter.ts")],
  ])("%s is a module loaded in process", (value, file) => {
    expect(parseSdkTarget(value, ROOT)).toEqual({ kind: "module", file });
  });

  it.each([
    "python3 fixtures/sdk/python/adapter.py",
    "npx tsx fixtures/sdk/reference/stdio.ts",
    "BEHAVIOUR=x node a.mjs",
    "my-sdk-adapter",
    "./run-adapter.sh",
  ])("%s is a command", (value) => {
    expect(parseSdkTarget(value, ROOT)).toEqual({ kind: "command", command: value });
  });

  it.each([
    ["", /needs an adapter/],
    ["fixtures/sdk/nope.ts", /no such adapter module/],
    ["fixtures/sdk", /the folder holds no adapter.ts/],
    ["conformance:nope", /--sdk conformance:nope: the kit ships conformance:example/],
  ])("%j is a usage error", (value, why) => {
    expect(() => parseSdkTarget(value, ROOT)).toThrow(UsageError);
    expect(() => parseSdkTarget(value, ROOT)).toThrow(why);
  });
});
