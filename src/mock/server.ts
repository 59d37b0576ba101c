import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { RecordedRequest } from "../model/observed.ts";
import type { Contract } from "../contracts/model.ts";
import { handleControl, CONTROL_PREFIX } from "./control.ts";
import { requestProblems } from "./request-check.ts";
import { makeRouter } from "./router.ts";
import { randomCases } from "../generate/cases.ts";
import { operationSeed } from "../generate/id.ts";

/** A fault the mock injects instead of (or before) a normal answer. */
export type Fault =
  | { kind: "status"; status: number; resultCode?: string; resultMessage?: string }
  | { kind: "delay"; ms: number }
  | { kind: "truncate" }
  | { kind: "non-json" }
  | { kind: "reset" }
  | { kind: "hang" };

/** How the mock answers one call: exact body bytes, or a fault. */
export interface Answer {
  status?: number;
  body?: string;
  contentType?: string | null;
  headers?: Record<string, string>;
  fault?: Fault;
}

export interface MockOptions {
  contracts: Contract[];
  credentials: { serviceId?: string; accessToken: string };
  /** Body for calls nothing was scripted for (default: generated conforming bodies, seeded by `seed`). */
  fallbackBody?: (contract: Contract) => string;
  seed?: number;
  /** Token the control endpoint requires (random by default). */
  controlToken?: string;
  port?: number;
  /** Answer 401 to a missing or wrong Bearer (default true). Runs record it and answer anyway. */
  enforceAuth?: boolean;
  /** Answer 400 to requests with problems instead of only recording them (default false). */
  strictRequests?: boolean;
}

export interface MockServer {
  readonly url: string;
  readonly controlToken: string;
  /** Queue answers for an operation (first in, first out). */
  script(operationId: string, answer: Answer): void;
  /** Answer every call of the operation this way until replaced (after the queue is empty). */
  setDefault(operationId: string, answer: Answer): void;
  requests(): RecordedRequest[];
  /** Returns the requests recorded so far and forgets them. */
  takeRequests(): RecordedRequest[];
  reset(): void;
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;
const MAX_RECORDED = 10_000;
/** Authlete-style resultCodes the mock itself uses (documented in docs/mock.md). */
export const MOCK_RESULT_CODES = { unauthorized: "A001202", notFound: "A001404", badRequest: "A001201", tooLarge: "A001413" } as const;

const resultBody = (code: string, message: string) => JSON.stringify({ resultCode: code, resultMessage: `[${code}] ${message}` });

/** Starts the mock Authlete API on 127.0.0.1 (never another address), an ephemeral port by default. */
export async function startMock(opts: MockOptions): Promise<MockServer> {
  const route = makeRouter(opts.contracts);
  const queues = new Map<string, Answer[]>();
  const defaults = new Map<string, Answer>();
  let recorded: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const controlToken = opts.controlToken ?? randomBytes(16).toString("hex");
  const enforceAuth = opts.enforceAuth ?? true;
  const fallbackBody = opts.fallbackBody ?? generatedBodies(opts.seed ?? 0);

  const mock: MockServer = {
    url: "",
    controlToken,
    script: (op, a) => void (queues.get(op) ?? queues.set(op, []).get(op)!).push(a),
    setDefault: (op, a) => void defaults.set(op, a),
    requests: () => recorded.slice(),
    takeRequests: () => {
      const r = recorded;
      recorded = [];
      return r;
    },
    reset: () => {
      queues.clear();
      defaults.clear();
      recorded = [];
    },
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => {
    readBody(req).then(
      (body) => {
        if (body === undefined) return send(res, 413, "application/json", resultBody(MOCK_RESULT_CODES.tooLarge, "request body too large"));
        const url = new URL(req.url ?? "/", "http://127.0.0.1");
        // Scenario: control endpoint for scripting from another process.
        if (url.pathname.startsWith(CONTROL_PREFIX)) return handleControl(mock, req, res, url, body);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : (v ?? "")]));
        const rec: RecordedRequest = { method: req.method ?? "GET", path: url.pathname, query: Object.fromEntries(url.searchParams), headers, body, problems: [] };
        recorded.push(rec);
        // A long-running mock keeps the newest records only; runs take them after every case.
        if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
        const hit = route(rec.method, rec.path);
        // Scenario: no operation at this method and path.
        if (!hit) {
          rec.problems.push(`no operation at ${rec.method} ${rec.path}`);
          return send(res, 404, "application/json", resultBody(MOCK_RESULT_CODES.notFound, `no API at ${rec.method} ${rec.path}`));
        }
        const c = hit.contract;
        rec.operationId = c.operationId;
        const authProblem = c.bearer ? bearerProblem(headers.authorization, opts.credentials.accessToken) : undefined;
        if (authProblem) rec.problems.push(authProblem);
        if (opts.credentials.serviceId && hit.params.serviceId !== undefined && hit.params.serviceId !== opts.credentials.serviceId) {
          rec.problems.push(`serviceId "${hit.params.serviceId}" in the path is not the configured "${opts.credentials.serviceId}"`);
        }
        rec.problems.push(...requestProblems(c, headers["content-type"], body));
        // Scenario: bad credentials, like Authlete itself.
        if (authProblem && enforceAuth) return send(res, 401, "application/json", resultBody(MOCK_RESULT_CODES.unauthorized, authProblem));
        // Scenario: strict mode rejects a malformed request.
        if (opts.strictRequests && rec.problems.length) return send(res, 400, "application/json", resultBody(MOCK_RESULT_CODES.badRequest, rec.problems[0]!));
        const answer = queues.get(c.operationId)?.shift() ?? defaults.get(c.operationId) ?? fallback(c, fallbackBody);
        // Scenario: scripted answer or injected fault.
        return serve(res, c, answer);
      },
      () => res.destroy(),
    );
  });
  // Clients reuse idle connections; a short keep-alive races with them and fakes transport errors.
  server.keepAliveTimeout = 60_000;
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(opts.port ?? 0, "127.0.0.1", () => ok());
  });
  const addr = server.address();
  (mock as { url: string }).url = `http://127.0.0.1:${typeof addr === "object" && addr ? addr.port : 0}`;
  return mock;
}

function bearerProblem(header: string | undefined, token: string): string | undefined {
  if (!header) return "no Authorization header (Bearer service access token expected)";
  const m = /^Bearer\s+(.+)$/i.exec(header);
  if (!m) return `Authorization header is not a Bearer credential: "${header.split(" ")[0]}…"`;
  return m[1] === token ? undefined : "Bearer token is not the service access token the run gave";
}

const POOL = 64;

/**
 * Unscripted calls get generated conforming bodies of the operation: a seeded pool of 64, made on
 * first use and served in turn, so a busy mock does not generate on every request.
 */
function generatedBodies(seed: number): (c: Contract) => string {
  const pools = new Map<string, { bodies: string[]; next: number }>();
  return (c) => {
    let p = pools.get(c.operationId);
    if (!p) pools.set(c.operationId, (p = { bodies: randomCases(c, { seed: operationSeed(seed, c.operationId), count: POOL }).map((k) => k.body), next: 0 }));
    return p.bodies[p.next++ % p.bodies.length]!;
  };
}

function fallback(c: Contract, make: (c: Contract) => string): Answer {
  return { status: c.response.status, body: make(c), contentType: c.response.contentType };
}

async function serve(res: ServerResponse, c: Contract, a: Answer): Promise<void> {
  const f = a.fault;
  if (f?.kind === "delay") await new Promise((r) => setTimeout(r, f.ms));
  if (f?.kind === "hang") return; // closed by close()
  if (f?.kind === "reset") return void res.socket?.destroy();
  if (f?.kind === "status") return send(res, f.status, "application/json", JSON.stringify({ resultCode: f.resultCode ?? "A001101", resultMessage: f.resultMessage ?? `injected ${f.status}` }));
  if (f?.kind === "non-json") return send(res, 200, "text/html", "<html><body>502 Bad Gateway</body></html>");
  const status = a.status ?? c.response.status;
  const body = a.body ?? "";
  const contentType = a.contentType === undefined ? c.response.contentType : a.contentType;
  if (f?.kind === "truncate") {
    const bytes = Buffer.from(body);
    res.writeHead(status, { "content-type": contentType ?? "application/json", "content-length": String(bytes.length) });
    res.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
    return void setImmediate(() => res.socket?.destroy());
  }
  send(res, status, status === 204 ? null : contentType, status === 204 ? "" : body, a.headers);
}

function send(res: ServerResponse, status: number, contentType: string | null, body: string, headers: Record<string, string> = {}): void {
  const h: Record<string, string> = { ...headers, "content-length": String(Buffer.byteLength(body)) };
  if (contentType) h["content-type"] = contentType;
  res.writeHead(status, h);
  res.end(body);
}

/** Reads a request body as text, or undefined when it exceeds the limit. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        req.removeAllListeners("data");
        req.resume();
        return ok(undefined);
      }
      chunks.push(c);
    });
    req.on("end", () => ok(Buffer.concat(chunks).toString("utf8")));
    req.on("error", fail);
  });
}
