// Miniature in-process adapter modules for the tests, each hostile to the thread it runs in in one
// documented way. BEHAVIOUR picks one; it strikes on the first call of the whole test (counted in
// COUNTER_FILE across restarts) and later calls are answered normally. It runs in the kit's
// adapter worker, so none of this may reach the kit itself.
import { EventEmitter } from "node:events";
import { callMock } from "./call-mock.mjs";
import { nextCall } from "./counter.mjs";

const behaviour = process.env.BEHAVIOUR ?? "ok";

/** What each miniature does on its first call. */
const firstCall = {
  /** Ends "the process" halfway through a call, with success. */
  exit: () => process.exit(0),
  /** Never returns, never yields. */
  loop: () => {
    for (;;);
  },
  /** Leaves a rejection nobody handles (as an SDK did on an empty JSON body), then answers. */
  reject: (msg) => {
    void Promise.reject(new Error("dangling parse of an empty body"));
    return answer(msg, 1);
  },
  /** Emits 'error' on an emitter nobody listens to, from a timer (outside the call's try). */
  "error-event": () =>
    new Promise(() => setTimeout(() => new EventEmitter().emit("error", new Error("socket hang up")), 5)),
  /** Pollutes Object.prototype, as a naive deep merge of a `__proto__` key does, then answers. */
  pollute: (msg) => {
    Object.prototype.polluted = "yes";
    return answer(msg, 1);
  },
  /** Throws 20 MB of error message. */
  "huge-error": () => {
    throw new Error(`boom ${"x".repeat(20 * 1024 * 1024)}`);
  },
};

/** A normal answer: what the mock served, as decoded (the body of the call made first). */
const answer = (msg, n, served) => {
  if (!served) return { result: { decoded: { call: n, id: msg.id } } };
  if (served.status >= 300)
    return { error: { kind: "api", message: `answered ${served.status}`, status: served.status } };
  try {
    return { result: { decoded: served.text ? JSON.parse(served.text) : {} } };
  } catch {
    return { error: { kind: "decode", message: "not JSON" } };
  }
};

export function createAdapter() {
  if (behaviour === "exit-on-load") process.exit(0);
  return {
    start: () => ({
      ok: true,
      name: `hostile-${behaviour}`,
      version: "0.0.0",
      language: "javascript",
      sdk: { name: "none", version: "0" },
      traits: { nulls: "keep", keys: "camelCase" },
    }),
    call: async (msg) => {
      // The real request first, so what follows is judged as this SDK's handling of the answer.
      const served = await callMock(msg).catch(() => undefined);
      const n = nextCall();
      if (n === 1 && firstCall[behaviour]) return firstCall[behaviour](msg);
      return answer(msg, n, served);
    },
  };
}
