// Miniature stdio adapters for the tests, each deliberately wrong in one documented way
// (Bowtie's "miniatures"). BEHAVIOUR picks one. PID_FILE, when set, receives this process's pid
// (and any child's) so a test can prove nothing outlives the adapter. COUNTER_FILE, when set,
// counts calls across restarts, so "the first call" means the first of the whole test.
import { appendFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { holdConnections } from "./hold-connections.mjs";
import { callMock } from "./call-mock.mjs";
import { nextCall } from "./counter.mjs";

const behaviour = process.env.BEHAVIOUR ?? "ok";
const record = (pid) => process.env.PID_FILE && appendFileSync(process.env.PID_FILE, `${pid}\n`);
record(process.pid);

const say = (x) => process.stdout.write(`${JSON.stringify(x)}\n`);
const hello = (seq) => ({
  seq,
  ok: true,
  name: `fake-${behaviour}`,
  version: "0.0.0",
  language: "javascript",
  sdk: { name: "fake", version: "0.0.0" },
  traits: { nulls: "keep", keys: "camelCase" },
});

/** What each miniature does on its first call (later calls are answered normally). */
const firstCall = {
  /** Dies mid-call with exit code 3, after explaining itself on stderr. */
  crash: () => (console.error("panic: decoder blew up"), process.exit(3)),
  /** Never answers. */
  hang: () => {},
  /** Writes a line that is not JSON. */
  garbage: () => process.stdout.write("this is not json\n"),
  /** Writes half an answer, then exits. */
  partial: () => (process.stdout.write('{"seq":'), process.exit(0)),
  /** Answers with somebody else's seq. */
  "wrong-seq": () => say({ seq: 999, result: { decoded: {} } }),
  /** Answers in step, but with an error kind the protocol does not have. */
  "invalid-answer": (msg) => say({ seq: msg.seq, error: { kind: "oops", message: "?" } }),
  /** Answers, but only after SLOW_MS (default 3 s): longer than the tests' call timeout. */
  slow: (msg) =>
    setTimeout(() => say({ seq: msg.seq, result: { decoded: { late: true } } }), Number(process.env.SLOW_MS ?? 3000)),
  /** Floods stdout with 6 MB that is not JSON, on one line. */
  flood: () => process.stdout.write(`${"\u0000garbage ".repeat((6 * 1024 * 1024) / 9)}\n`),
  /** Answers, then exits between calls (the next call finds it gone). */
  "exits-between": (msg) => (say({ seq: msg.seq, result: { decoded: {} } }), setTimeout(() => process.exit(0), 10)),
  /** Opens connections to the mock and never reads from them, then answers as usual (see below). */
  "hoards-connections": (msg) => (hoard(msg.baseUrl), answer(msg, 1)),
  /** Writes one line of 4 KiB (tests set the limit to 1 KiB). */
  "huge-line": (msg) => say({ seq: msg.seq, result: { decoded: { blob: "x".repeat(4096) } } }),
};

/**
 * Connections to the mock held for the adapter's whole life, none of them ever read: idle ones,
 * ones stuck in the middle of their headers, and ones whose answer is never taken. The mock must
 * keep serving, time them out, and close while they are still open.
 */
// The whole request goes to the mock's control route, so it is not an Authlete call the SDK made
// (that one would rightly fail sdk.request-conforms on the case it lands in).
const HOARD = [
  "",
  "GET /api/service/get HTTP/1.1\r\nHost: x\r\n",
  "GET /__conformance/requests HTTP/1.1\r\nHost: x\r\n\r\n",
];
const hoard = (baseUrl) =>
  holdConnections(
    baseUrl,
    Array.from({ length: 30 }, (_, i) => HOARD[i % 3]),
  );

/**
 * The usual answer: the operation's real request to the mock (for a hoarding adapter too, so a
 * stalled mock shows), and what it answered handed back as decoded. Without a mock to call (unit
 * tests of the adapter protocol), an echo of the call.
 */
async function answer(msg, n) {
  let res;
  try {
    res = await callMock(msg);
  } catch (e) {
    // A mock that is there but stalls is what a hoarding test looks for; no mock at all is a unit test.
    if (e.name === "TimeoutError")
      return say({ seq: msg.seq, error: { kind: "transport", message: `the mock did not answer: ${e.message}` } });
    return say({ seq: msg.seq, result: { decoded: { call: n, id: msg.id } } });
  }
  if (res.status >= 300)
    return say({ seq: msg.seq, error: { kind: "api", message: `answered ${res.status}`, status: res.status } });
  const text = res.text;
  let decoded;
  try {
    decoded = text ? JSON.parse(text) : {};
  } catch {
    return say({ seq: msg.seq, error: { kind: "decode", message: "not JSON" } });
  }
  say({ seq: msg.seq, result: { decoded: decoded ?? { call: n } } });
}

if (behaviour === "forks-child" || process.env.FORK) {
  // A grandchild that would live for a minute if nobody killed the process group.
  record(spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" }).pid);
}
if (behaviour === "ignores-stop") process.on("SIGTERM", () => console.error("ignoring SIGTERM"));
if (behaviour === "logs-to-stdout") console.log("starting fake adapter…"); // stdout is for protocol lines only

createInterface({ input: process.stdin }).on("line", (line) => {
  const msg = JSON.parse(line);
  if (msg.cmd === "start") {
    if (behaviour === "never-starts") return;
    if (behaviour === "bad-start") return say({ seq: msg.seq, ok: true, name: "no traits" });
    return say(hello(msg.seq));
  }
  if (msg.cmd === "stop") {
    say({ seq: msg.seq, ok: true });
    if (behaviour !== "ignores-stop") process.exit(0);
    return;
  }
  const n = nextCall();
  if (behaviour === "crash-always") process.exit(4);
  if (n === 1 && firstCall[behaviour]) return firstCall[behaviour](msg);
  // Written by hand, so the test sees that the decoded text reaches the kit unchanged.
  if (behaviour === "exact")
    return void process.stdout.write(
      `{"seq":${msg.seq},"result":{"decoded":{"at": 9223372036854775807, "ratio": 1.0, "s": "\\u00e9"}}}\n`,
    );
  void answer(msg, n);
});
