import { describe, expect, it } from "vitest";
import { resolveOptions } from "./api.ts";

const sdk = { sdk: "fixtures/sdk/reference", config: false as const };

describe("resolveOptions (the library's option check)", () => {
  it.each([
    [{ readyTimeoutMs: 5 }, /run: readyTimeoutMs must be an integer from 100 to 2147483647, got 5/],
    [{ timeoutMs: 1 }, /run: timeoutMs must be an integer from 10 to 2147483647, got 1/],
    [{ timeoutMs: 3_000_000_000 }, /run: timeoutMs must be an integer from 10 to 2147483647, got 3000000000/],
    [{ runs: 0.5 }, /run: runs must be an integer from 1 to 1000000, got 0\.5/],
    [{ runs: 1e300 }, /run: runs must be an integer from 1 to 1000000, got 1e\+300/],
    [{ seed: 2 ** 40 }, /run: --seed must be an integer from -2147483648 to 2147483648, got 1099511627776/],
  ])("%o is refused, named as the caller wrote it", (bad, message) => {
    expect(() => resolveOptions({ ...sdk, ...bad })).toThrow(message);
  });

  it("refuses a server's ready timeout beyond a timer's range", () => {
    expect(() => resolveOptions({ server: "node s.js", config: false, readyTimeoutMs: 2 ** 31 })).toThrow(
      /readyTimeoutMs must be an integer from 100 to 2147483647/,
    );
  });

  it("gives an SDK adapter the ready timeout as its start timeout, and a server its ready timeout", () => {
    expect(resolveOptions({ ...sdk, readyTimeoutMs: 700 }).run.sdkStartTimeoutMs).toBe(700);
    expect(resolveOptions(sdk).run.sdkStartTimeoutMs).toBeUndefined();
    const server = resolveOptions({ server: "node s.js", config: false, readyTimeoutMs: 700 });
    expect([server.run.sdkStartTimeoutMs, server.server?.readyTimeoutMs]).toEqual([undefined, 700]);
  });
});
