import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "../cli/run-cli.test-helper.ts";
import type { AdapterPort } from "../run/ports.ts";
import { stdioAdapter } from "./stdio.ts";
import { stillRunning } from "./__fixtures__/processes.ts";

const FAKE = join(import.meta.dirname, "__fixtures__", "fake-adapter.mjs");
const call = { id: "x", operationId: "service_get_api", baseUrl: "http://127.0.0.1:9", credentials: { serviceId: "1", accessToken: "t" }, request: { pathParams: {}, query: {} } };


describe("stdio adapter against hostile adapters", () => {
  let adapter: AdapterPort | undefined;
  let pidFile = "";
  const open = (behaviour: string) => {
    pidFile = join(mkdtempSync(join(tmpdir(), "conformance-pids-")), "pids");
    adapter = stdioAdapter(`node ${JSON.stringify(FAKE)}`, { env: { BEHAVIOUR: behaviour, PID_FILE: pidFile, COUNTER_FILE: `${pidFile}.calls` }, startTimeoutMs: 3000 });
    return adapter;
  };
  const pids = () => (existsSync(pidFile) ? readFileSync(pidFile, "utf8").trim().split("\n").map(Number) : []);

  afterEach(async () => {
    await adapter?.stop();
    expect(await stillRunning(pids())).toEqual([]);
    adapter = undefined;
  });

  it("answers a well-behaved adapter", async () => {
    await open("ok").start();
    expect(await adapter!.call(call, 2000)).toEqual({ kind: "decoded", value: "{}" });
  });

  it.each([
    ["crash", "crash", /exited \(code 3\)/],
    ["hang", "timeout", /no answer within 300 ms/],
    ["garbage", "garbage", /not JSON: this is not json/],
    ["partial", "crash", /exited/],
    ["wrong-seq", "protocol", /seq 999/],
  ])("%s fails that call as %s, then restarts so later calls succeed", async (behaviour, reason, message) => {
    await open(behaviour).start();
    const first = await adapter!.call(call, 300);
    expect(first).toMatchObject({ kind: "adapter-failure", reason });
    expect((first as { message: string }).message).toMatch(message);
    expect(await adapter!.call(call, 2000)).toEqual({ kind: "decoded", value: "{}" });
  });

  it("kills children the adapter forked, with the adapter", async () => {
    await open("forks-child").start();
    expect(pids()).toHaveLength(2);
  });

  it("reports an adapter that never answers start as a start-up failure", async () => {
    await expect(open("never-starts").start()).rejects.toThrow(/no answer within 3000 ms/);
  });
});

describe("a run against a hostile adapter", () => {
  it("reports the affected cases as errors, continues, writes the report and exits 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-run-"));
    const r = await cli("run", "--sdk", `BEHAVIOUR=crash COUNTER_FILE=${JSON.stringify(join(dir, "calls"))} node ${JSON.stringify(FAKE)}`, "--operations", "service_get_api,client_get_api", "--runs", "3", "--variant-runs", "0", "--seed", "1", "--report-dir", dir, "--timeout", "2000", "--quiet");
    expect(r.code).toBe(1);
    const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"));
    expect(report.summary.results.error).toBeGreaterThan(0);
    expect(report.summary.results.pass).toBeGreaterThan(0);
    expect(report.failures.map((f: { message: string }) => f.message)).toContainEqual(expect.stringMatching(/adapter crash: adapter exited \(code 3\)/));
  });

  it("exits 2 with a clear line and a partial report when the adapter cannot start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-run-"));
    const r = await cli("run", "--sdk", "definitely-not-a-command-xyz", "--operations", "service_get_api", "--report-dir", dir, "--quiet");
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/ERROR: the run could not complete/);
    const report = JSON.parse(readFileSync(join(dir, "conformance-report.json"), "utf8"));
    expect(report).toMatchObject({ complete: false, summary: { exitCode: 2 } });
    expect(report.incompleteReason).toMatch(/did not start: adapter exited \(code 127\)/);
  });
});
