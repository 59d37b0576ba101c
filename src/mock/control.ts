import type { IncomingMessage, ServerResponse } from "node:http";
import type { Answer, MockServer } from "./server.ts";

/** Reserved path prefix of the control endpoint; no Authlete API lives under it. */
export const CONTROL_PREFIX = "/__conformance/";

const json = (res: ServerResponse, status: number, value: unknown) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) });
  res.end(body);
};

/**
 * The control API for other processes (docs/mock.md): script answers, read recorded requests,
 * reset. Every call needs `X-Conformance-Control: <token>`; the token is per mock instance.
 */
export function handleControl(mock: MockServer, req: IncomingMessage, res: ServerResponse, url: URL, body: string): void {
  if (req.headers["x-conformance-control"] !== mock.controlToken) return json(res, 403, { error: "missing or wrong X-Conformance-Control token" });
  const route = `${req.method} ${url.pathname.slice(CONTROL_PREFIX.length)}`;
  let payload: unknown;
  try {
    payload = body ? JSON.parse(body) : undefined;
  } catch {
    return json(res, 400, { error: "control request body is not JSON" });
  }
  const entries = (Array.isArray(payload) ? payload : [payload]) as Array<{ operationId?: string; answer?: Answer }>;
  switch (route) {
    case "GET health":
      return json(res, 200, { ok: true });
    case "POST script":
    case "POST default": {
      if (!entries.every((e) => typeof e?.operationId === "string" && e.answer && typeof e.answer === "object")) return json(res, 400, { error: 'expected {"operationId": "...", "answer": {...}} or an array of them' });
      for (const e of entries) (route === "POST script" ? mock.script : mock.setDefault)(e.operationId!, e.answer!);
      return json(res, 200, { ok: true, scripted: entries.length });
    }
    case "GET requests":
      return json(res, 200, url.searchParams.get("take") === "1" ? mock.takeRequests() : mock.requests());
    case "POST reset":
      mock.reset();
      return json(res, 200, { ok: true });
    default:
      return json(res, 404, { error: `no control route ${route}` });
  }
}
