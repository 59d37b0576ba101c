// A deliberately broken (or fine) HTTP server for launcher tests; BEHAVIOUR picks which.
import { appendFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:http";

const behaviour = process.env.BEHAVIOUR ?? "ok";
if (process.env.PID_FILE) appendFileSync(process.env.PID_FILE, `${process.pid}\n`);
console.log(`fake server (${behaviour}) base=${process.env.AUTHLETE_BASE_URL} token=${process.env.AUTHLETE_SERVICE_ACCESSTOKEN ? "set" : "missing"}`);
if (behaviour === "exits") {
  console.error("cannot read configuration");
  process.exit(4);
}
if (behaviour === "never-ready") setInterval(() => {}, 1000);
else {
  if (behaviour === "forks" && process.env.PID_FILE) {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    appendFileSync(process.env.PID_FILE, `${child.pid}\n`);
  }
  createServer((req, res) => {
    // "hang-requests": ready on /, then never answers anything else.
    if (behaviour === "hang-requests" && req.url !== "/") return;
    if (behaviour === "garbage") return void (res.writeHead(200, { "content-type": "application/json" }), res.end("<<<not what you asked for>>>"));
    res.end(JSON.stringify({ path: req.url, base: process.env.AUTHLETE_BASE_URL }));
  }).listen(Number(process.env.PORT), "127.0.0.1");
}
