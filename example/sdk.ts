/**
 * A tiny Authlete SDK, the one the kit's example adapter drives (`npx conformance run --sdk conformance:example`).
 * It does what a conforming SDK must: keeps integers beyond 2^53 exact, passes unknown `action` values,
 * unknown fields and `null` through unchanged, and throws its own error classes.
 */
import { parseLossless, stringifyLossless, type JsonValue } from "authlete-conformance";

/** Authlete answered with an error status; `resultCode` is Authlete's code from the error body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly resultCode: string | undefined,
    message: string,
  ) {
    super(message);
  }
}
/** A success answer whose body is not a JSON object. */
export class DecodeError extends Error {}
/** The request or the answer did not make it across the network. */
export class NetworkError extends Error {}

type Json = Record<string, JsonValue>;

export class AuthleteApi {
  constructor(
    private readonly baseUrl: string,
    private readonly serviceId: string,
    private readonly accessToken: string,
  ) {}

  authorization = (request: JsonValue = {}) => this.post("auth/authorization", request);
  token = (request: JsonValue = {}) => this.post("auth/token", request);
  introspection = (request: JsonValue = {}) => this.post("auth/introspection", request);
  userinfo = (request: JsonValue = {}) => this.post("auth/userinfo", request);

  private async post(api: string, request: JsonValue): Promise<Json> {
    const url = `${this.baseUrl}/api/${encodeURIComponent(this.serviceId)}/${api}`;
    let status: number;
    let text: string;
    try {
      const headers = {
        accept: "application/json",
        authorization: `Bearer ${this.accessToken}`,
        "content-type": "application/json",
      };
      const res = await fetch(url, { method: "POST", headers, body: stringifyLossless(request) });
      [status, text] = [res.status, await res.text()];
    } catch (e) {
      throw new NetworkError(`POST ${url}: ${(e as Error).message}`);
    }
    if (status < 200 || status > 299) {
      const code = jsonObject(text)?.resultCode;
      throw new ApiError(status, typeof code === "string" ? code : undefined, `POST ${url} answered ${status}`);
    }
    const body = jsonObject(text);
    if (!body) throw new DecodeError(`POST ${url}: the answer is not a JSON object`);
    return body;
  }
}

/** Lossless JSON (the kit's parser here; a real SDK brings its own), or undefined when `text` is no JSON object. */
function jsonObject(text: string): Json | undefined {
  try {
    const value = parseLossless(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
