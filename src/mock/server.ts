import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Contract } from "../contracts/model.ts";
import type { RecordedRequest } from "../model/observed.ts";
import { send, serve, type Answer } from "./answer.ts";
import { readBody } from "./body.ts";
import { minimalBody } from "./minimal.ts";
import { CONTROL_PREFIX, handleControl, type Controllable } from "./control.ts";
import { bearerProblem, bodyProblems, parameterProblems } from "./request-check.ts";
import { apiName, MOCK_RESULT_CODES, resultBody } from "./result-codes.ts";
import { makeRouter, splitTarget } from "./router.ts";

export type { Answer, Fault } from "./answer.ts";

/** The only address the mock listens on: it is a test double, never a network service. */
export const MOCK_HOST = "127.0.0.1";

export interface MockOptions {
  /** The operations served (a profile's contracts). */
  contracts: Contract[];
  /** The expected Bearer token, and the serviceId paths must use (any when absent). */
  credentials: { serviceId?: string; accessToken: string };
  /** Body for calls nothing was scripted for. Default: {@link minimalBody}, the smallest conforming body (`{}` for most). */
  fallbackBody?: (contract: Contract) => string;
  /** Token the control endpoint requires (random by default). */
  controlToken?: string;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Answer 401 to a missing or wrong Bearer (default true). Runs turn it off: record and answer anyway. */
  enforceAuth?: boolean;
  /** Answer 400 to requests with problems instead of only recording them (default false). */
  strictRequests?: boolean;
  /** Largest request body accepted (default 10 MB); larger ones get 413. */
  maxBodyBytes?: number;
  /** Time a client has to send a whole request (default 30 s); then the connection is cut. */
  requestTimeoutMs?: number;
  /**
   * Provider states the control route `pact-state` can set up (Pact's provider-states protocol):
   * a state's name to the answer it stands for, or undefined for a state the mock does not know.
   */
  providerState?: (state: string) => { operationId: string; answer: Answer } | undefined;
}

/** A running mock Authlete API. */
export interface MockServer {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** What the control endpoint expects in `X-Conformance-Control`. */
  readonly controlToken: string;
  /** Queue an answer for an operation (first in, first out, one answer per call). */
  script(operationId: string, answer: Answer): void;
  /** Answer every call of the operation this way once its queue is empty, until replaced or reset. */
  setDefault(operationId: string, answer: Answer): void;
  /** The requests recorded so far, oldest first. */
  requests(): RecordedRequest[];
  /** Returns the requests recorded so far and forgets them. */
  takeRequests(): RecordedRequest[];
  /** Forgets queues, defaults and recorded requests. */
  reset(): void;
  /** Stops listening and destroys every open connection (hanging ones too). Idempotent. */
  close(): Promise<void>;
}

const MAX_BODY = 10 * 1024 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;
/** A long-running mock keeps the newest records only; runs take them after every case. */
const MAX_RECORDED = 10_000;

/** Starts the mock Authlete API on 127.0.0.1 (never another address), an ephemeral port by default. */
export async function startMock(opts: MockOptions): Promise<MockServer> {
  const route = makeRouter(opts.contracts);
  const known = new Set(opts.contracts.map((c) => c.operationId));
  const queues = new Map<string, Answer[]>();
  const defaults = new Map<string, Answer>();
  let recorded: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: (v: boolean) => void }>();
  let closed = false;
  let closing: Promise<void> | undefined;
  let url = "";
  const controlToken = opts.controlToken ?? randomBytes(16).toString("hex");
  const enforceAuth = opts.enforceAuth ?? true;
  const maxBody = opts.maxBodyBytes ?? MAX_BODY;
  const requestTimeout = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  const ctx = {
    fallbackBody: opts.fallbackBody ?? minimalBody,
    wait: (ms: number) =>
      closed
        ? Promise.resolve(false)
        : new Promise<boolean>((resolve) => {
            const w = { timer: setTimeout(() => (waits.delete(w), resolve(true)), ms), resolve };
            waits.add(w);
          }),
  };

  const mock: MockServer & Controllable = {
    get url() {
      return url;
    },
    controlToken,
    knows: (op) => known.has(op),
    applyState(state) {
      const found = opts.providerState?.(state);
      if (!found) return false;
      // A state describes the whole provider: what earlier states scripted goes.
      mock.reset();
      mock.setDefault(found.operationId, found.answer);
      return true;
    },
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
      (closing ??= new Promise<void>((done) => {
        closed = true;
        for (const w of waits) {
          clearTimeout(w.timer);
          w.resolve(false);
        }
        waits.clear();
        server.close(() => done());
        for (const s of sockets) s.destroy();
      })),
  };

  const record = (r: RecordedRequest): RecordedRequest => {
    recorded.push(r);
    if (recorded.length > MAX_RECORDED) recorded.splice(0, recorded.length - MAX_RECORDED);
    return r;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const { path, query } = splitTarget(req.url ?? "/");
    const headers = lowerCased(req.headers);
    const read = await readBody(req, maxBody);
    // Scenario: the mock closed while the body was arriving; its socket is already gone.
    if (closed) return;
    const control = path.startsWith(CONTROL_PREFIX);
    if (control && read.kind === "ok") return handleControl(mock, req, res, path, query, read.text); // Scenario: control endpoint.
    const rec: RecordedRequest | undefined = control
      ? undefined
      : record({ method, path, query, headers, body: read.kind === "ok" ? read.text : "", problems: [] });
    const hit = route(method, path);
    if (rec && hit) rec.operationId = hit.contract.operationId;
    // Scenario: the client stopped sending (or timed out) before the body was complete.
    if (read.kind === "aborted") {
      rec?.problems.push("request aborted before its body was complete");
      return void req.socket.destroy();
    }
    // Scenario: body over the limit; the connection closes after the 413.
    if (read.kind === "too-large") {
      rec?.problems.push(`request body over ${read.limit} bytes`);
      res.setHeader("connection", "close");
      return send(
        res,
        413,
        "application/json",
        resultBody(MOCK_RESULT_CODES.tooLarge, `The request body is larger than ${read.limit} bytes.`),
      );
    }
    const r = rec!; // control calls have all returned above
    try {
      // Scenario: no operation at this method and path.
      if (!hit) {
        r.problems.push(`no operation at ${method} ${path}`);
        return send(
          res,
          404,
          "application/json",
          resultBody(MOCK_RESULT_CODES.notFound, `No API at ${method} ${path}.`),
        );
      }
      const c = hit.contract;
      const auth = c.bearer ? bearerProblem(headers.authorization, opts.credentials.accessToken) : undefined;
      if (auth) r.problems.push(auth.message);
      r.problems.push(...parameterProblems(c, { path: hit.params, query, headers }, opts.credentials.serviceId));
      r.problems.push(...bodyProblems(c, headers["content-type"], r.body));
      // Scenario: bad credentials, answered like Authlete does.
      if (auth && enforceAuth) {
        const code = auth.kind === "missing" ? MOCK_RESULT_CODES.missingCredential : MOCK_RESULT_CODES.wrongCredential;
        return send(
          res,
          401,
          "application/json",
          resultBody(
            code,
            auth.kind === "missing"
              ? "Authorization header is missing."
              : "The access token is not valid for this service.",
            apiName(c.path),
          ),
        );
      }
      // Scenario: strict mode refuses a malformed request.
      if (opts.strictRequests && r.problems.length)
        return send(
          res,
          400,
          "application/json",
          resultBody(MOCK_RESULT_CODES.badRequest, `${r.problems[0]}.`, apiName(c.path)),
        );
      const answer = queues.get(c.operationId)?.shift() ?? defaults.get(c.operationId) ?? {};
      // Scenario: the scripted, default or fallback answer, or its fault.
      return await serve(res, c, answer, ctx);
    } catch (e) {
      // Scenario: the mock itself failed (e.g. a scripted header Node refuses); the record says why.
      r.problems.push(`mock error: ${(e as Error).message}`);
      if (!res.headersSent)
        return send(res, 500, "application/json", resultBody(MOCK_RESULT_CODES.serverError, "Mock server error."));
      res.destroy();
    }
  }

  const server = createServer(
    {
      requestTimeout,
      headersTimeout: Math.min(10_000, requestTimeout),
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.min(1_000, requestTimeout),
      // Clients reuse idle connections; a short keep-alive races with them and fakes transport errors.
      keepAliveTimeout: 60_000,
    },
    (req, res) => void handle(req, res).catch(() => res.destroy()),
  );
  server.on("connection", (s: Socket) => {
    if (closed) return void s.destroy();
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen({ port: opts.port ?? 0, host: MOCK_HOST, exclusive: true }, () => {
      server.off("error", fail);
      ok();
    });
  });
  const addr = server.address();
  url = `http://${MOCK_HOST}:${typeof addr === "object" && addr ? addr.port : 0}`;
  return mock;
}

/** Header names lower-cased (Node already does), repeated values joined as HTTP allows. */
function lowerCased(h: IncomingMessage["headers"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  return out;
}
