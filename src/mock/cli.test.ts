import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_PROFILE, KIT_ROOT } from "../contracts/paths.ts";
import { loadProfile } from "../contracts/store.ts";
import { generatedFallback } from "../generate/fallback.ts";
import { cli } from "../cli/run-cli.test-helper.ts";
import { exitWithin, firstLine } from "../cli/child.test-helper.ts";

const BIN = join(KIT_ROOT, "bin", "conformance.js");

describe("conformance mock (a real process)", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`prints its URL and control token, serves, and exits 0 on ${signal}`, async () => {
      const child = spawn(
        process.execPath,
        [BIN, "mock", "--port", "0", "--json", "--access-token", "t0k", "--service-id", "42", "--seed", "7"],
        { stdio: ["pipe", "pipe", "pipe"] },
      );
      try {
        const { url, controlToken, accessToken } = JSON.parse(await firstLine(child, 20_000)) as {
          url: string;
          controlToken: string;
          accessToken: string;
        };
        expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        expect(accessToken).toBe("t0k");
        expect(
          (await fetch(`${url}/__conformance/health`, { headers: { "x-conformance-control": controlToken } })).status,
        ).toBe(200);
        expect((await fetch(`${url}/api/lifecycle/healthcheck`)).status).toBe(200);
        // Unscripted calls get the seeded generated sequence: the same bytes as in process.
        const expected = generatedFallback(7);
        const contract = loadProfile(DEFAULT_PROFILE).contracts.find((c) => c.operationId === "auth_token_api")!;
        const bodies: string[] = [];
        for (let k = 0; k < 3; k++) {
          const token = await fetch(`${url}/api/42/auth/token`, {
            method: "POST",
            body: '{"parameters":""}',
            headers: { authorization: "Bearer t0k", "content-type": "application/json" },
          });
          bodies.push(await token.text());
          expect([token.status, bodies[k]]).toEqual([200, expected(contract)]);
        }
        expect(new Set(bodies).size).toBe(3);
        expect(bodies.some((b) => "action" in (JSON.parse(b) as object))).toBe(true);
        const exited = exitWithin(child, 5_000);
        child.kill(signal);
        expect(await exited).toBe(0);
      } finally {
        if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGKILL");
      }
    });
  }

  it("prints readable lines without --json", async () => {
    const child = spawn(process.execPath, [BIN, "mock", "--control-token", "c1"], { stdio: ["pipe", "pipe", "pipe"] });
    try {
      expect(await firstLine(child, 20_000)).toMatch(
        /^mock Authlete API \(authlete-3\.0\.16, 84 operations\) at http:\/\/127\.0\.0\.1:\d+$/,
      );
      const exited = exitWithin(child, 5_000);
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGKILL");
    }
  });
});

describe("conformance mock (in process)", () => {
  it("has help, rejects bad options with exit 2, stops when aborted", async () => {
    expect(await cli("mock", "--help")).toMatchObject({
      code: 0,
      out: expect.stringContaining("Usage: conformance mock [--port P]"),
    });
    expect(await cli("mock", "--port", "70000")).toMatchObject({
      code: 2,
      err: expect.stringContaining("--port must be an integer from 0 to 65535"),
    });
    expect(await cli("mock", "--port", "x")).toMatchObject({ code: 2 });
    expect(await cli("mock", "--nope")).toMatchObject({ code: 2, err: expect.stringContaining("unknown option") });
    expect(await cli("mock", "--profile", "nope")).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown profile "nope"'),
    });
    expect((await cli("--help")).out).toMatch(/\n {2}mock +\[--port P\]/);
  });

  it("resolves 0 when its abort signal fires, and reports a busy port as a usage error", async () => {
    const { mockCommand } = await import("../cli/commands/mock.ts");
    let out = "";
    const io = { out: (t: string) => void (out += `${t}\n`), err: () => undefined };
    const stop = new AbortController();
    const running = mockCommand(["--json"], io, stop.signal);
    const until = Date.now() + 5_000;
    while (!out && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const { url } = JSON.parse(out) as { url: string };
    const port = new URL(url).port;
    await expect(mockCommand(["--port", port], io)).rejects.toThrow(
      /cannot listen on 127\.0\.0\.1:\d+ \(port in use\)/,
    );
    stop.abort();
    expect(await running).toBe(0);
  });
});
