import { describe, expect, it } from "vitest";
import { cli } from "./run-cli.test-helper.ts";

const SDK = ["--sdk", "fixtures/sdk/reference", "--operations", "service_get_api"];

describe("options are strict", () => {
  it.each([
    [["--timeout", "3000000000"], /--timeout must be an integer from 10 to 2147483647, got "3000000000"/],
    [["--runs", "1e300"], /--runs must be an integer from 1 to 1000000, got "1e300"/],
    [["--runs", "0x10"], /--runs must be an integer/],
    [["--runs", "5.0"], /--runs must be an integer/],
    [["--concurrency", "65"], /--concurrency must be an integer from 1 to 64/],
    [["--ready-timeout", "2147483648"], /--ready-timeout must be an integer from 100 to 2147483647/],
    [["--seed", ""], /--seed needs a value, got ""/],
    [["--report-dir", ""], /--report-dir needs a value, got ""/],
    [["--operations", ",,,"], /--operations needs a value, got ",,,"/],
    [["--sdk-env", " "], /--sdk-env needs a value/],
  ])("run %j is refused in one line, exit 2, before anything starts", async (args, why) => {
    const r = await cli("run", ...SDK, ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it.each([
    [["generate", "service_get_api", "--count", "1e9"], /--count must be an integer/],
    [["generate", "service_get_api", "--count", ""], /--count needs a value/],
    [["mock", "--port", "65536"], /--port must be an integer from 0 to 65535/],
    [
      ["replay", "service_get_api~coverage~0", "--sdk", "x", "--timeout", "99999999999"],
      /--timeout must be an integer from 10 to 2147483647/,
    ],
  ])("%j is refused in one line, exit 2", async (args, why) => {
    const r = await cli(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
  });
});
