// A deliberately broken (or fine) HTTP server for launcher tests; BEHAVIOUR picks which.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { holdConnections } from "./hold-connections.mjs";

const behaviour = process.env.BEHAVIOUR ?? "ok";
let hugeCount = 0;
if (process.env.PID_FILE) appendFileSync(process.env.PID_FILE, `${process.pid}\n`);
console.log(
  `fake server (${behaviour}) base=${process.env.AUTHLETE_BASE_URL} token=${process.env.AUTHLETE_SERVICE_ACCESSTOKEN ? "set" : "missing"}`,
);
if (behaviour === "exits") {
  console.error("cannot read configuration");
  process.exit(4);
}
// FORK=1: a child of any behaviour, which must not outlive the run either.
if (process.env.FORK && process.env.PID_FILE)
  appendFileSync(
    process.env.PID_FILE,
    `${spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" }).pid}\n`,
  );
if (behaviour === "never-ready") setInterval(() => {}, 1000);
else if (behaviour === "never-reads") neverReads();
else {
  if (behaviour === "forks" && process.env.PID_FILE) {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    appendFileSync(process.env.PID_FILE, `${child.pid}\n`);
  }
  createServer((req, res) => {
    // "hang-requests": ready on /, then never answers anything else.
    if (behaviour === "hang-requests" && req.url !== "/") return;
    // "huge-body": 50 MB on every Authlete-backed route, in chunks, as fast as the socket takes it.
    if (behaviour === "huge-body" && req.url !== "/") {
      // Declared on every other request, so both the header check and the streaming cut are exercised.
      hugeCount++;
      res.writeHead(200, {
        "content-type": "application/json",
        ...(hugeCount % 2 ? { "content-length": String(50 * 1024 * 1024) } : {}),
      });
      const chunk = Buffer.alloc(1024 * 1024, 120);
      let sent = 0;
      const pump = () => {
        while (sent < 50 && res.write(chunk)) sent++;
        if (sent >= 50) return void res.end();
        res.once("drain", pump);
      };
      res.on("close", () => (sent = 50));
      return pump();
    }
    // "dies-mid-run": the third Authlete-backed request kills the server, once (COUNTER_FILE).
    if (behaviour === "dies-mid-run" && req.url !== "/" && process.env.COUNTER_FILE) {
      const n = (existsSync(process.env.COUNTER_FILE) ? Number(readFileSync(process.env.COUNTER_FILE, "utf8")) : 0) + 1;
      writeFileSync(process.env.COUNTER_FILE, String(n));
      if (n === 3) process.exit(9);
    }
    if (behaviour === "garbage")
      return void (res.writeHead(200, { "content-type": "application/json" }), res.end("<<<not what you asked for>>>"));
    res.end(JSON.stringify({ path: req.url, base: process.env.AUTHLETE_BASE_URL }));
  }).listen(Number(process.env.PORT), "127.0.0.1");
}

/**
 * "never-reads": answers the readiness probe, then accepts every connection and never reads from
 * it; it also opens connections to the mock Authlete API and never reads those either.
 */
function neverReads() {
  const held = [];
  let ready = false;
  createTcpServer((socket) => {
    held.push(socket);
    socket.on("error", () => {});
    if (ready) return void socket.pause();
    socket.once("data", () => {
      ready = true;
      socket.end("HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok");
    });
  }).listen(Number(process.env.PORT), "127.0.0.1");
  holdConnections(
    process.env.AUTHLETE_BASE_URL,
    Array.from({ length: 10 }, (_, i) => (i % 2 ? "POST /api/auth/token HTTP/1.1\r\nHost: x\r\n" : "")),
    held,
  );
}
