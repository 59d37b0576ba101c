import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { SdkAdapter } from "./sdk-adapter.ts";
import { stdioAdapter, type StdioOptions } from "./stdio-adapter.ts";
import { alive, stillRunning } from "./__fixtures__/processes.ts";

const FAKE = join(import.meta.dirname, "__fixtures__", "fake-adapter.mjs");
const call = {
  id: "service_get_api~coverage~0",
  operationId: "service_get_api",
  baseUrl: "http://127.0.0.1:9",
  credentials: { serviceId: "1", accessToken: "t" },
  request: { pathParams: { serviceId: "1" }, query: {} },
};

describe("stdio adapter against miniature adapters", () => {
  let adapter: SdkAdapter | undefined;
  let pidFile = "";
  const pids = () => (existsSync(pidFile) ? readFileSync(pidFile, "utf8").trim().split("\n").map(Number) : []);
  const open = (behaviour: string, opts: StdioOptions = {}) => {
    pidFile = join(mkdtempSync(join(tmpdir(), "conformance-pids-")), "pids");
    adapter = stdioAdapter(`node ${JSON.stringify(FAKE)}`, {
      startTimeoutMs: 5000,
      ...opts,
      env: { BEHAVIOUR: behaviour, PID_FILE: pidFile, COUNTER_FILE: `${pidFile}.calls`, ...opts.env },
    });
    return adapter;
  };

  afterEach(async () => {
    const started = pids();
    try {
      await adapter?.stop();
      // No orphan: every process any instance of the adapter started is gone after stop().
      expect(await stillRunning(started)).toEqual([]);
      for (const pid of started) expect(() => process.kill(pid, 0)).toThrow();
    } finally {
      for (const pid of started.filter(alive)) process.kill(pid, "SIGKILL");
      adapter = undefined;
    }
  });

  it("handshakes and passes a call's answer on", async () => {
    expect(await open("ok").start()).toMatchObject({
      name: "fake-ok",
      traits: { nulls: "keep", keys: "camelCase" },
      sdk: { name: "fake" },
    });
    expect(await adapter!.call(call, 2000)).toEqual({ kind: "decoded", value: `{"call":1,"id":"${call.id}"}` });
  });

  it("hands the decoded text on exactly as written (int64 digits, 1.0, escapes)", async () => {
    await open("exact").start();
    expect(await adapter!.call(call, 2000)).toEqual({
      kind: "decoded",
      value: '{"at": 9223372036854775807, "ratio": 1.0, "s": "\\u00e9"}',
    });
  });

  it.each([
    ["crash", "crash", /adapter exited \(code 3\) during call; stderr: panic: decoder blew up/],
    ["hang", "timeout", /no answer to call within 400 ms/],
    ["garbage", "garbage", /not JSON .*: this is not json/],
    ["partial", "crash", /exited \(code 0\) during call after writing an unfinished line: \{"seq":/],
    ["wrong-seq", "protocol", /seq 999, expected 2/],
    ["huge-line", "garbage", /longer than 1024 bytes/],
  ])(
    "%s fails that call as %s, then the adapter is restarted and later calls succeed",
    async (behaviour, reason, message) => {
      await open(behaviour, { maxLineBytes: 1024 }).start();
      const first = await adapter!.call(call, 400);
      expect(first).toMatchObject({ kind: "adapter-failure", reason });
      expect((first as { message: string }).message).toMatch(message);
      expect(await adapter!.call(call, 3000)).toEqual({ kind: "decoded", value: `{"call":2,"id":"${call.id}"}` });
      expect(pids()).toHaveLength(2); // the first process and its replacement
      expect(await stillRunning([pids()[0]!])).toEqual([]); // killed (reaping may take a moment)
    },
  );

  it("respects the call timeout", async () => {
    await open("hang").start();
    const t0 = Date.now();
    expect(await adapter!.call(call, 300)).toMatchObject({ kind: "adapter-failure", reason: "timeout" });
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(290);
    expect(took).toBeLessThan(1500);
  });

  it("reports an answer that breaks the schema as protocol, without a restart", async () => {
    await open("invalid-answer").start();
    expect(await adapter!.call(call, 2000)).toMatchObject({
      kind: "adapter-failure",
      reason: "protocol",
      message: expect.stringMatching(/\/error\/kind must be equal to one of the allowed values/),
    });
    expect(await adapter!.call(call, 2000)).toMatchObject({ kind: "decoded" });
    expect(pids()).toHaveLength(1);
  });

  it("gives up after a bounded number of restarts in a row", async () => {
    await open("crash-always", { maxRestarts: 2 }).start();
    for (let i = 0; i < 3; i++)
      expect(await adapter!.call(call, 2000)).toMatchObject({
        reason: "crash",
        message: expect.stringMatching(/code 4/),
      });
    expect(await adapter!.call(call, 2000)).toMatchObject({
      reason: "crash",
      message: expect.stringMatching(/not started again: 2 restarts in a row/),
    });
    expect(pids()).toHaveLength(3);
  });

  it("kills children the adapter forked, with the adapter (process group)", async () => {
    await open("forks-child").start();
    expect(pids()).toHaveLength(2);
    expect(pids().every(alive)).toBe(true);
  });

  it("SIGKILLs an adapter that ignores stop and SIGTERM", async () => {
    await open("ignores-stop", { stopGraceMs: 200 }).start();
    const t0 = Date.now();
    await adapter!.stop();
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  // Only the adapter that never starts waits out its budget; the others answer at once, given time to boot on a busy machine.
  it.each([
    ["never-starts", 500, /no answer to start within 500 ms/],
    ["bad-start", 10_000, /start answer does not match the protocol: .*must have required property 'version'/],
    [
      "logs-to-stdout",
      10_000,
      /not JSON \(stdout is for protocol messages only; log to stderr\): starting fake adapter/,
    ],
  ])("rejects start when the adapter %s", async (behaviour, startTimeoutMs, message) => {
    await expect(open(behaviour, { startTimeoutMs }).start()).rejects.toThrow(message);
    expect(await stillRunning(pids())).toEqual([]);
  });

  it("reports a command that does not exist with the shell's words", async () => {
    adapter = stdioAdapter("definitely-not-a-command-xyz", { startTimeoutMs: 5000 });
    await expect(adapter.start()).rejects.toThrow(/adapter exited \(code 127\) during start; stderr: .*not found/);
  });
});
