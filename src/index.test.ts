import { expect, it } from "vitest";
import * as kit from "./index.ts";

it("exposes the library API from one door", () => {
  for (const name of [
    "loadProfile",
    "generateCases",
    "validateText",
    "startMock",
    "runSdkTarget",
    "replaySdkCase",
    "parseCaseId",
  ])
    expect(typeof (kit as Record<string, unknown>)[name], name).toBe("function");
  expect(kit.RUN_DEFAULTS.runs).toBe(100);
});
