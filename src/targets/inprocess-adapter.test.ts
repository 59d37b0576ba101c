import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inProcessAdapter, type InProcessAdapter } from "./inprocess-adapter.ts";
import type { CallMessage, CallResponse } from "./protocol.ts";
import { MAX_MESSAGE_CHARS } from "./scrub.ts";

const FIXTURES = join(import.meta.dirname, "__fixtures__");
const call: CallMessage = {
  id: "c~0",
  operationId: "service_get_api",
  baseUrl: "http://127.0.0.1:9",
  credentials: { serviceId: "1", accessToken: "t" },
  request: { pathParams: { serviceId: "1" }, query: {} },
};
const hello = {
  ok: true as const,
  name: "inline",
  version: "0",
  language: "typescript",
  sdk: { name: "x", version: "0" },
  traits: { nulls: "keep" as const, keys: "camelCase" as const },
};
const answering = (fn: (msg: CallMessage) => unknown): InProcessAdapter => ({
  start: () => hello,
  call: async (msg) => fn(msg) as CallResponse,
});

async function once(fn: (msg: CallMessage) => unknown, timeoutMs = 1000) {
  const a = inProcessAdapter(answering(fn));
  await a.start();
  try {
    return await a.call(call, timeoutMs);
  } finally {
    await a.stop();
  }
}

describe("in-process adapter", () => {
  it("loads a module's default export and hands over its handshake without `ok`", async () => {
    const a = inProcessAdapter(join(FIXTURES, "module-adapter.mjs"));
    expect(await a.start()).toEqual({
      name: "module-adapter",
      version: "0.0.0",
      language: "javascript",
      sdk: { name: "none", version: "0" },
      traits: { nulls: "keep", keys: "camelCase" },
    });
    expect(await a.call(call, 1000)).toEqual({ kind: "decoded", value: '{"operationId":"service_get_api"}' });
  });

  it("loads a TypeScript module's createAdapter()", async () => {
    const a = inProcessAdapter(join(import.meta.dirname, "..", "..", "fixtures", "sdk", "reference", "adapter.ts"));
    expect(await a.start()).toMatchObject({ name: "reference", traits: { nulls: "keep", keys: "camelCase" } });
  });

  it.each([
    ["exports no adapter", join(FIXTURES, "not-an-adapter.mjs"), /exports no adapter/],
    ["does not exist", join(FIXTURES, "missing.mjs"), /Cannot find module|ERR_MODULE_NOT_FOUND|Failed to load/],
  ])("refuses to start when the module %s", async (_what, file, why) => {
    await expect(inProcessAdapter(file).start()).rejects.toThrow(why);
  });

  it("refuses a handshake that breaks the protocol", async () => {
    await expect(
      inProcessAdapter({
        start: () => ({ ...hello, traits: { nulls: "sometimes" } }) as never,
        call: async () => ({ unsupported: {} }),
      }).start(),
    ).rejects.toThrow(/\/traits\/nulls must be equal to one of the allowed values/);
  });

  it("serialises bigint digit for digit and keeps null and absent apart (undefined is absent)", async () => {
    expect(
      await once(() => ({ result: { decoded: { at: 9223372036854775807n, gone: undefined, none: null } } })),
    ).toEqual({ kind: "decoded", value: '{"at":9223372036854775807,"none":null}' });
  });

  it("passes errors and unsupported answers on", async () => {
    expect(await once(() => ({ error: { kind: "api", message: "no", status: 400, resultCode: "A001201" } }))).toEqual({
      kind: "error",
      errorKind: "api",
      message: "no",
      status: 400,
      resultCode: "A001201",
    });
    expect(await once(() => ({ unsupported: { message: "later" } }))).toEqual({
      kind: "unsupported",
      message: "later",
    });
  });

  it("reports an exception escaping call as the SDK's raw runtime error (unexpected)", async () => {
    expect(
      await once(() => {
        throw new TypeError("Cannot read properties of null (reading 'action')");
      }),
    ).toEqual({
      kind: "error",
      errorKind: "unexpected",
      message: "TypeError: Cannot read properties of null (reading 'action')",
    });
  });

  it.each([
    ["a function", { f: () => 1 }, /a function at \/result\/decoded\/f is not JSON/],
    ["undefined in an array", [1, undefined], /undefined at \/result\/decoded\/1 is not JSON/],
    ["NaN", { n: Number.NaN }, /NaN at \/result\/decoded\/n/],
    ["a Map", { m: new Map() }, /a Map at \/result\/decoded\/m/],
    [
      "a cycle",
      (() => {
        const o: Record<string, unknown> = {};
        o.self = o;
        return o;
      })(),
      /circular reference at \/result\/decoded\/self/,
    ],
  ])(
    "fails a decoded value holding %s as a protocol failure, never silently dropping it",
    async (_what, decoded, why) => {
      const r = await once(() => ({ result: { decoded } }));
      expect(r).toMatchObject({ kind: "adapter-failure", reason: "protocol" });
      expect((r as { message: string }).message).toMatch(why);
    },
  );

  it("fails an answer of the wrong shape as a protocol failure", async () => {
    expect(await once(() => ({ result: { value: {} } }))).toMatchObject({
      kind: "adapter-failure",
      reason: "protocol",
      message: expect.stringMatching(/must NOT have additional properties \(value\)/),
    });
    expect(await once(() => undefined)).toMatchObject({ kind: "adapter-failure", reason: "protocol" });
  });

  it("records a void result (a method that returned nothing, as for the 204 operations) as null", async () => {
    expect(await once(() => ({ result: { decoded: undefined } }))).toEqual({ kind: "decoded", value: "null" });
    expect(await once(() => ({ result: {} }))).toEqual({ kind: "decoded", value: "null" });
  });

  it("reports the adapter's own failure as an adapter failure, not as the SDK's error", async () => {
    expect(await once(() => ({ error: { kind: "adapter", message: "cannot turn Money into JSON" } }))).toEqual({
      kind: "adapter-failure",
      reason: "failed",
      message: "cannot turn Money into JSON",
    });
  });

  it("times a hanging call out within its budget", async () => {
    const t0 = Date.now();
    expect(await once(() => new Promise(() => {}), 200)).toMatchObject({ kind: "adapter-failure", reason: "timeout" });
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it("gives the module a copy of the request, so a mutating SDK cannot change the next case", async () => {
    const req = structuredClone(call);
    const a = inProcessAdapter(
      answering((msg) => ((msg.request.pathParams.serviceId = "mutated"), { result: { decoded: {} } })),
    );
    await a.start();
    await a.call(req, 1000);
    expect(req.request.pathParams.serviceId).toBe("1");
  });

  it("refuses a second call while one is unanswered, and takes the next once it is answered", async () => {
    let release = () => {};
    const a = inProcessAdapter(answering(() => new Promise((ok) => (release = () => ok({ result: { decoded: {} } })))));
    await a.start();
    const first = a.call(call, 1000);
    await expect(a.call(call, 1000)).rejects.toThrow(/one message at a time/);
    release();
    expect(await first).toMatchObject({ kind: "decoded" });
    const second = a.call(call, 1000);
    release();
    expect(await second).toMatchObject({ kind: "decoded" });
  });
});

describe("module adapters run isolated in a worker", () => {
  const HOSTILE = join(FIXTURES, "hostile-module.mjs");
  it.each([
    ["exit", /adapter exited \(code 0\) during call/],
    ["loop", /no answer to call within 700 ms \(adapter worker terminated/],
    ["reject", /adapter crashed \(unhandled rejection: Error: dangling parse of an empty body\) during call/],
    ["error-event", /adapter crashed \(uncaught exception: Error: socket hang up\) during call/],
    ["pollute", /Object.prototype was polluted \(added polluted\) during the call/],
  ])(
    "%s: the call in flight fails with the reason, the next call gets a fresh adapter, the kit is untouched",
    async (behaviour, reason) => {
      const counter = join(mkdtempSync(join(tmpdir(), "conformance-worker-")), "calls");
      const a = inProcessAdapter(HOSTILE, { env: { BEHAVIOUR: behaviour, COUNTER_FILE: counter } });
      await a.start();
      try {
        const first = await a.call(call, 700);
        expect(first).toMatchObject({ kind: "adapter-failure" });
        expect((first as { message: string }).message).toMatch(reason);
        expect(await a.call(call, 2000)).toEqual({ kind: "decoded", value: '{"call":2,"id":"c~0"}' });
        expect(Object.prototype).not.toHaveProperty("polluted");
      } finally {
        await a.stop();
      }
    },
    20_000,
  );

  it("caps a 20 MB error message at the documented size", async () => {
    const a = inProcessAdapter(HOSTILE, { env: { BEHAVIOUR: "huge-error" } });
    await a.start();
    try {
      const r = await a.call(call, 5000);
      expect(r).toMatchObject({ kind: "error", errorKind: "unexpected" });
      expect((r as { message: string }).message.length).toBeLessThanOrEqual(MAX_MESSAGE_CHARS);
      expect((r as { message: string }).message).toMatch(/^Error: boom x+… \(\d+ characters, cut\)$/);
    } finally {
      await a.stop();
    }
  }, 20_000);

  it("a module that exits while loading is a start failure, not the kit's exit", async () => {
    await expect(inProcessAdapter(HOSTILE, { env: { BEHAVIOUR: "exit-on-load" } }).start()).rejects.toThrow(
      /adapter exited \(code 0\) during start/,
    );
  }, 20_000);
});
