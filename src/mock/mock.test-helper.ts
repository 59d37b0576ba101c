/** Shared by the mock's tests: one mock per test, closed after it, and a raw HTTP client. */
import { request } from "node:http";
import { afterEach } from "vitest";
import { loadProfile } from "../contracts/store.ts";
import { startMock, type MockOptions, type MockServer } from "./server.ts";

export const profile = loadProfile("authlete-3.0.16");
export const TOKEN = "test-token";
export const SERVICE = "42";

let current: MockServer[] = [];

/** Starts a mock with the test credentials; it is closed after the test. */
export async function open(extra: Partial<MockOptions> = {}): Promise<MockServer> {
  const m = await startMock({
    contracts: profile.contracts,
    credentials: { serviceId: SERVICE, accessToken: TOKEN },
    ...extra,
  });
  current.push(m);
  return m;
}

/** Registers the afterEach that closes every mock the test opened. */
export function closeMocksAfterEach(): void {
  afterEach(async () => {
    const all = current;
    current = [];
    await Promise.all(all.map((m) => m.close()));
  });
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body bytes exactly as received. */
  bytes: Buffer;
}

/**
 * One request over a fresh connection (no pooling, so a fault on one cannot leak into the next).
 * Rejects on transport errors (reset, truncated body) and after `timeoutMs`.
 */
export function raw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes: Buffer.concat(chunks) }));
      res.on("error", reject);
      res.on("aborted", () => reject(new Error("response aborted")));
    });
    req.setTimeout(init.timeoutMs ?? 5_000, () => req.destroy(new Error("client timeout")));
    req.on("error", reject);
    req.end(init.body);
  });
}

/** A POST to an Authlete API of the mock with the test Bearer token and a JSON body. */
export function post(
  mock: MockServer,
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<RawAnswer> {
  return raw(`${mock.url}${path}`, {
    method: "POST",
    body,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
  });
}
