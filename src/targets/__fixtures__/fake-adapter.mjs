// A deliberately broken stdio adapter for tests. BEHAVIOUR picks the defect; PID_FILE, when set,
// receives this process's pid (and its child's) so the test can prove nothing outlives the run.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const behaviour = process.env.BEHAVIOUR ?? "ok";
const record = (pid) => process.env.PID_FILE && appendFileSync(process.env.PID_FILE, `${pid}\n`);
record(process.pid);
if (behaviour === "forks-child") {
  // A grandchild that would live for a minute if nobody killed the process group.
  const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  record(child.pid);
}
// Calls are counted in a file when COUNTER_FILE is set, so a restarted adapter carries on counting.
let memory = 0;
const nextCall = () => {
  const f = process.env.COUNTER_FILE;
  if (!f) return ++memory;
  const n = (existsSync(f) ? Number(readFileSync(f, "utf8")) : 0) + 1;
  writeFileSync(f, String(n));
  return n;
};
const say = (x) => process.stdout.write(`${JSON.stringify(x)}\n`);
createInterface({ input: process.stdin }).on("line", (line) => {
  const msg = JSON.parse(line);
  if (msg.cmd === "start") {
    if (behaviour === "never-starts") return; // silence
    return say({ seq: msg.seq, ok: true, name: `fake-${behaviour}`, traits: { nulls: "keep", keys: "camelCase" } });
  }
  if (msg.cmd === "stop") return say({ seq: msg.seq, ok: true }), process.exit(0);
  const calls = nextCall();
  if (behaviour === "crash" && calls % 3 === 1) process.exit(3);
  if (behaviour === "hang" && calls === 1) return; // never answers the first call
  if (behaviour === "garbage" && calls === 1) return void process.stdout.write("this is not json\n");
  if (behaviour === "partial" && calls === 1) return void (process.stdout.write('{"seq":'), process.exit(0));
  if (behaviour === "wrong-seq" && calls === 1) return say({ seq: 999, result: { decoded: {} } });
  say({ seq: msg.seq, result: { decoded: {} } });
});
