import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { launchServer, ServerStartError } from "./server.ts";
import { stillRunning } from "./__fixtures__/processes.ts";

const FAKE = join(import.meta.dirname, "__fixtures__", "fake-server.mjs");
const credentials = { serviceId: "42", accessToken: "at", apiSecret: "secret" };

describe("launchServer", () => {
  const pidFile = () => join(mkdtempSync(join(tmpdir(), "conformance-server-")), "pids");
  const pids = (f: string) => (existsSync(f) ? readFileSync(f, "utf8").trim().split("\n").map(Number) : []);

  it("starts the server with the mock's URL and credentials, waits until it answers, and stops it with its children", async () => {
    const f = pidFile();
    const s = await launchServer({
      command: `node ${JSON.stringify(FAKE)}`,
      mockUrl: "http://127.0.0.1:9/mock",
      credentials,
      env: { BEHAVIOUR: "forks", PID_FILE: f },
    });
    try {
      const body = (await (await fetch(`${s.url}/x`)).json()) as { base: string };
      expect(body.base).toBe("http://127.0.0.1:9/mock");
      expect(s.output()).toMatch(/token=set/);
    } finally {
      await s.stop();
    }
    expect(pids(f)).toHaveLength(2);
    expect(await stillRunning(pids(f))).toEqual([]);
  });

  it("substitutes {port} in the command", async () => {
    const s = await launchServer({
      command: `PORT={port} node ${JSON.stringify(FAKE)}`,
      mockUrl: "http://127.0.0.1:9",
      credentials,
      envNames: { port: "UNUSED_PORT_NAME" },
    });
    await s.stop();
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("reports a server that exits before it is ready, with its last output", async () => {
    await expect(
      launchServer({ command: `node ${JSON.stringify(FAKE)}`, mockUrl: "x", credentials, env: { BEHAVIOUR: "exits" } }),
    ).rejects.toThrow(/exited before it was ready \(code 4\).*cannot read configuration/);
  });

  it("gives up on a server that never answers, and leaves nothing running", async () => {
    const f = pidFile();
    const err = await launchServer({
      command: `node ${JSON.stringify(FAKE)}`,
      mockUrl: "x",
      credentials,
      env: { BEHAVIOUR: "never-ready", PID_FILE: f },
      readyTimeoutMs: 800,
    }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ServerStartError);
    expect((err as Error).message).toMatch(/did not answer on http:\/\/127\.0\.0\.1:\d+\/ within 800 ms/);
    expect(await stillRunning(pids(f))).toEqual([]);
  });
});

describe("the server's line log", () => {
  it("keeps complete lines per stream, numbered, bounded in count and width", async () => {
    const { LineLog, LOG_LIMITS } = await import("./server.ts");
    const log = new LineLog();
    log.push("out", "a\nb");
    const m = log.mark();
    log.push("err", "E1\n");
    log.push("out", "c\n");
    expect(log.since(0)).toEqual(["a", "E1", "bc"]);
    expect(log.since(m)).toEqual(["E1", "bc"]);
    log.push("out", `${"x".repeat(LOG_LIMITS.lineChars + 5)}\n`);
    expect(log.since(log.mark() - 1)[0]).toMatch(/… \(\d+ chars\)$/);
    for (let i = 0; i < LOG_LIMITS.lines + 10; i++) log.push("out", `line ${i}\n`);
    const all = log.since(0);
    expect(all).toHaveLength(LOG_LIMITS.perCase + 1);
    expect(all[LOG_LIMITS.perCase / 2]).toMatch(/lines left out/);
    expect(all.at(-1)).toBe(`line ${LOG_LIMITS.lines + 9}`);
  });
});
