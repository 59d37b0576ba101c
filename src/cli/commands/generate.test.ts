import { spawn } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KIT_ROOT } from "../../contracts/paths.ts";
import { cli } from "../run-cli.test-helper.ts";

const lines = (out: string) =>
  out
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { id: string; action: string | null; body: string; variant: string });

describe("conformance generate", () => {
  it("prints N cases with the asked action, identical on two runs", async () => {
    const a = await cli("generate", "auth_token_api", "--action", "PASSWORD", "--count", "50", "--seed", "7");
    const b = await cli("generate", "auth_token_api", "--action", "PASSWORD", "--count", "50", "--seed", "7");
    expect(a.code).toBe(0);
    expect(lines(a.out)).toHaveLength(50);
    expect(lines(a.out).every((c) => c.action === "PASSWORD" && JSON.parse(c.body).action === "PASSWORD")).toBe(true);
    expect(b.out).toBe(a.out);
  });

  it("reaches every action of the operation within its coverage cases", async () => {
    const r = await cli("generate", "auth_token_api", "--seed", "1");
    const seen = new Set(
      lines(r.out)
        .filter((c) => c.id.includes("~coverage~"))
        .map((c) => c.action),
    );
    for (const a of [
      "INVALID_CLIENT",
      "INTERNAL_SERVER_ERROR",
      "BAD_REQUEST",
      "PASSWORD",
      "OK",
      "TOKEN_EXCHANGE",
      "JWT_BEARER",
      "NATIVE_SSO",
      "ID_TOKEN_REISSUABLE",
    ])
      expect(seen).toContain(a);
  });

  it("prints the labelled forward-compatibility variants", async () => {
    const r = await cli("generate", "auth_token_api", "--variant", "unknown-action", "--count", "3", "--seed", "1");
    expect(lines(r.out).map((c) => c.variant)).toEqual(["unknown-action", "unknown-action", "unknown-action"]);
    expect(lines(r.out).every((c) => /^FUTURE_/.test(c.action ?? ""))).toBe(true);
  });

  it.each([
    [["generate"], /missing <operationId>/],
    [["generate", "nope_api"], /unknown operation "nope_api"/],
    [["generate", "auth_token_api", "--action", "NOPE"], /has no action "NOPE" \(one of INVALID_CLIENT/],
    [["generate", "service_get_api", "--action", "OK"], /has no action at all/],
    [["generate", "auth_token_api", "--variant", "weird"], /--variant must be one of/],
    [["generate", "auth_token_api", "--count", "0"], /--count must be an integer from 1 to 1000000000/],
    [["generate", "auth_token_api", "--seed", "x"], /--seed must be an integer/],
    [["generate", "auth_token_api", "--frobnicate"], /unknown option '--frobnicate'/],
  ])("%j is a usage error with one clear line", async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split("\n")).toHaveLength(1);
  });

  it("stops quietly when its reader goes away (generate | head -1): exit 0, no stack trace", async () => {
    const child = spawn(
      "sh",
      [
        "-c",
        `node ${JSON.stringify(join(KIT_ROOT, "bin", "conformance.js"))} generate auth_token_api --count 100000000 --seed 1 | head -1; echo "status \${PIPESTATUS:-}"`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const code = await new Promise((ok) => child.once("exit", ok));
    expect(code).toBe(0);
    expect(JSON.parse(out.split("\n")[0]!)).toMatchObject({ operation: "auth_token_api" });
    expect(err).not.toMatch(/EPIPE|Error|at /);
  }, 60_000);

  it("writes with backpressure: 100 000 000 cases to a slow reader keep memory flat", async () => {
    // The reader takes a few lines, then stalls; the kit must wait for it rather than buffer.
    const child = spawn(
      process.execPath,
      [join(KIT_ROOT, "bin", "conformance.js"), "generate", "client_get_api", "--count", "100000000", "--seed", "1"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      let got = 0;
      child.stdout.on("data", (d: Buffer) => {
        got += d.length;
        if (got > 1 << 20) child.stdout.pause();
      });
      await new Promise((r) => setTimeout(r, 8000));
      const rssKb = Number(
        (await import("node:fs")).readFileSync(`/proc/${child.pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)![1],
      );
      expect(rssKb / 1024).toBeLessThan(400);
    } finally {
      child.kill("SIGKILL");
    }
  }, 60_000);
});
