/**
 * The mock Authlete API's throughput against Prism serving the same spec, both as separate
 * processes on 127.0.0.1, under the same bounded load (concurrency 16, fixed duration) from here.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import { KIT_ROOT, referenceDir, SPEC_FILE } from "../src/contracts/paths.ts";
import { freePort } from "../src/targets/server.ts";
import { fmt, ratio, type Row } from "./measure.ts";

const TOKEN = "bench-token";
const BODY = JSON.stringify({ parameters: "grant_type=authorization_code&code=abc" });

function start(cmd: string, args: string[]): ChildProcess {
  return spawn(cmd, args, { detached: true, stdio: "ignore", env: { ...process.env, PACT_DO_NOT_TRACK: "true" } });
}

function stop(p: ChildProcess): void {
  try {
    if (p.pid) process.kill(-p.pid, "SIGKILL");
  } catch {
    /* gone */
  }
}

async function ready(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: BODY,
        signal: AbortSignal.timeout(2000),
      });
      await r.text();
      if (r.status === 200) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > until) throw new Error(`bench: ${url} did not answer 200 within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** One POST over a keep-alive node:http agent (lighter than fetch, so the client is not the bottleneck). */
function post(url: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${TOKEN}`,
          "content-type": "application/json",
          "content-length": Buffer.byteLength(BODY),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => ok(res.statusCode ?? 0));
      },
    );
    req.on("error", fail);
    req.end(BODY);
  });
}

/** Requests per second over `seconds` with `concurrency` workers; every answer must be 200. */
async function load(url: string, seconds: number, concurrency = 16): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const status = await post(url);
      if (status !== 200) throw new Error(`bench: ${url} answered ${status}`);
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done / ((performance.now() - t0) / 1000);
}

export async function benchMockThroughput(): Promise<Row[]> {
  const ref = referenceDir();
  const prismBin = join(KIT_ROOT, "node_modules", ".bin", "prism");
  if (!ref || !existsSync(prismBin))
    return [
      {
        section: "mock",
        metric: "requests/s vs Prism",
        kit: "skipped",
        peer: "needs ../shared/reference and @stoplight/prism-cli",
        ratio: "",
      },
    ];
  const [kitPort, prismPort] = [await freePort(), await freePort()];
  const kit = start(process.execPath, [
    join(KIT_ROOT, "bin", "conformance.js"),
    "mock",
    "--port",
    String(kitPort),
    "--access-token",
    TOKEN,
    "--json",
  ]);
  const prism = start(prismBin, [
    "mock",
    join(ref, SPEC_FILE),
    "-p",
    String(prismPort),
    "-h",
    "127.0.0.1",
    "--errors",
    "false",
  ]);
  try {
    const kitUrl = `http://127.0.0.1:${kitPort}/api/1/auth/token`;
    const prismUrl = `http://127.0.0.1:${prismPort}/api/1/auth/token`;
    await ready(kitUrl, 30_000);
    await ready(prismUrl, 90_000);
    await load(kitUrl, 1);
    await load(prismUrl, 1); // warm-up
    const ours = await load(kitUrl, 5);
    const theirs = await load(prismUrl, 5);
    return [
      {
        section: "mock",
        metric: "auth_token_api requests/s, 16 concurrent clients (kit: generated bodies; Prism: examples)",
        kit: fmt(ours),
        peer: `${fmt(theirs)} (Prism)`,
        ratio: ratio(ours, theirs),
      },
    ];
  } finally {
    agent.destroy();
    stop(kit);
    stop(prism);
  }
}
