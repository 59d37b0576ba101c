import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { validateText } from "../schema/validate.ts";
import { closeMocksAfterEach, open, post, profile, TOKEN } from "./mock.test-helper.ts";

closeMocksAfterEach();

const OP = "auth_token_api";
const PATH = "/api/42/auth/token";
const BODY = '{"parameters":"grant_type=password"}';
const errorSchema = profile.byId.get(OP)!.errorSchema!;

describe("injected faults", () => {
  it("status: Authlete error statuses with a {resultCode, resultMessage} body", async () => {
    const mock = await open();
    mock.script(OP, {
      fault: {
        kind: "status",
        status: 403,
        resultCode: "A001215",
        resultMessage: "[A001215] /auth/token, The client is locked.",
      },
    });
    for (const status of [400, 401, 404, 500]) mock.script(OP, { fault: { kind: "status", status } });
    const forbidden = await post(mock, PATH, BODY);
    expect([forbidden.status, forbidden.headers["content-type"], JSON.parse(forbidden.bytes.toString())]).toEqual([
      403,
      "application/json",
      { resultCode: "A001215", resultMessage: "[A001215] /auth/token, The client is locked." },
    ]);
    const codes: Array<[number, string]> = [];
    for (let i = 0; i < 4; i++) {
      const r = await post(mock, PATH, BODY);
      expect(validateText(errorSchema, r.bytes.toString())).toEqual([]);
      codes.push([r.status, JSON.parse(r.bytes.toString()).resultCode]);
    }
    expect(codes).toEqual([
      [400, "A001201"],
      [401, "A001202"],
      [404, "A001404"],
      [500, "A001101"],
    ]);
    expect(JSON.parse((await post(mock, PATH, BODY)).bytes.toString())).toEqual({});
  });

  it("delay: waits, then sends the answer", async () => {
    const mock = await open();
    mock.script(OP, { body: '{"action":"OK"}', fault: { kind: "delay", ms: 200 } });
    const t = Date.now();
    const r = await post(mock, PATH, BODY);
    expect(Date.now() - t).toBeGreaterThanOrEqual(190);
    expect([r.status, r.bytes.toString()]).toEqual([200, '{"action":"OK"}']);
  });

  it("truncate: half the bytes under the full Content-Length, then the connection is cut", async () => {
    const mock = await open();
    const body = '{"action":"OK","accessTokenExpiresAt":9223372036854775807}';
    mock.script(OP, { body, fault: { kind: "truncate" } });
    // The client sees a transport error; fetch does too.
    await expect(post(mock, PATH, BODY)).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    mock.script(OP, { body, fault: { kind: "truncate" } });
    const res = await fetch(`${mock.url}${PATH}`, {
      method: "POST",
      body: BODY,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });
    expect([res.status, res.headers.get("content-length")]).toEqual([200, String(body.length)]);
    await expect(res.text()).rejects.toThrow();
  });

  it("reset-mid-body: the headers and half the body, then a reset (ECONNRESET), not a clean close", async () => {
    const mock = await open();
    const body = `{"action":"OK","responseContent":"${"x".repeat(4000)}"}`;
    // On a raw socket: the status line, then a reset (an error), where truncate ends with a FIN ("end").
    const ending = async () => {
      const { port } = new URL(mock.url);
      const socket = connect(Number(port), "127.0.0.1");
      let seen = "";
      socket.on("data", (d: Buffer) => (seen += d.toString()));
      socket.write(
        `POST ${PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${BODY.length}\r\n\r\n${BODY}`,
      );
      const how = await new Promise<string>((ok) => {
        socket.on("error", (e: NodeJS.ErrnoException) => ok(e.code ?? e.message));
        socket.on("end", () => ok("end"));
      });
      socket.destroy();
      return [seen.split("\r\n")[0], how];
    };
    mock.script(OP, { body, fault: { kind: "reset-mid-body" } });
    expect(await ending()).toEqual(["HTTP/1.1 200 OK", "ECONNRESET"]);
    mock.script(OP, { body, fault: { kind: "truncate" } });
    expect(await ending()).toEqual(["HTTP/1.1 200 OK", "end"]);
    mock.script(OP, { body, fault: { kind: "reset-mid-body" } });
    const res = await fetch(`${mock.url}${PATH}`, {
      method: "POST",
      body: BODY,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });
    expect([res.status, res.headers.get("content-length")]).toEqual([200, String(body.length)]);
    await expect(res.text()).rejects.toThrow();
    expect((await post(mock, PATH, BODY)).status).toBe(200);
  });

  it("truncate of an empty body still leaves the client short", async () => {
    const mock = await open();
    mock.script(OP, { body: "", fault: { kind: "truncate" } });
    await expect(post(mock, PATH, BODY)).rejects.toThrow();
  });

  it("non-json: a 200 with an HTML page", async () => {
    const mock = await open();
    mock.script(OP, { body: '{"action":"OK"}', fault: { kind: "non-json" } });
    const r = await post(mock, PATH, BODY);
    expect([r.status, r.headers["content-type"]]).toEqual([200, "text/html; charset=utf-8"]);
    expect(() => JSON.parse(r.bytes.toString())).toThrow();
  });

  it("reset: the connection is destroyed without an answer", async () => {
    const mock = await open();
    mock.script(OP, { fault: { kind: "reset" } });
    await expect(post(mock, PATH, BODY)).rejects.toThrow(/ECONNRESET|socket hang up/);
    mock.script(OP, { fault: { kind: "reset" } });
    await expect(
      fetch(`${mock.url}${PATH}`, {
        method: "POST",
        body: BODY,
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
      }),
    ).rejects.toThrow();
    expect(mock.requests().map((r) => r.operationId)).toEqual([OP, OP]);
    // The mock still serves after a reset.
    expect((await post(mock, PATH, BODY)).status).toBe(200);
  });

  it("hang: never answers; close() ends the hanging request promptly", async () => {
    const mock = await open();
    mock.script(OP, { fault: { kind: "hang" } });
    mock.script(OP, { fault: { kind: "delay", ms: 60_000 } });
    const hung = post(mock, PATH, BODY).then(
      () => "answered",
      (e: Error) => e.message,
    );
    const delayed = post(mock, PATH, BODY).then(
      () => "answered",
      (e: Error) => e.message,
    );
    const early = await Promise.race([hung, new Promise((r) => setTimeout(() => r("pending"), 300))]);
    expect(early).toBe("pending");
    expect(mock.requests()).toHaveLength(2);
    const t = Date.now();
    await mock.close();
    expect(Date.now() - t).toBeLessThan(1000);
    expect(await hung).not.toBe("answered");
    expect(await delayed).not.toBe("answered");
  });
});
