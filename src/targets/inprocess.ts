import { pathToFileURL } from "node:url";
import type { SdkOutcome } from "../model/observed.ts";
import type { AdapterPort, Handshake } from "./adapter.ts";
import { startProblem, toOutcome, type CallMessage, type CallResponse, type StartResponse } from "./protocol.ts";

/** What a TypeScript/JavaScript adapter module exports (as `createAdapter()` or default). */
export interface InProcessAdapter {
  start(): StartResponse | Promise<StartResponse>;
  call(msg: CallMessage): Promise<CallResponse>;
  stop?(): void | Promise<void>;
}

/**
 * Loads an adapter module into this process. An exception escaping the adapter's own error
 * classification is the SDK's raw runtime error surfacing, so it is reported as errorKind
 * `unexpected`, not hidden.
 */
export function inProcessAdapter(file: string): AdapterPort {
  let impl: InProcessAdapter | undefined;
  return {
    async start(): Promise<Handshake> {
      const mod = (await import(pathToFileURL(file).href)) as { createAdapter?: () => InProcessAdapter; default?: InProcessAdapter | (() => InProcessAdapter) };
      const made = mod.createAdapter ?? mod.default;
      impl = typeof made === "function" ? made() : made;
      if (!impl || typeof impl.call !== "function" || typeof impl.start !== "function") throw new Error(`${file} exports no adapter (createAdapter() or a default with start and call)`);
      const hello = await impl.start();
      const problem = startProblem(hello);
      if (problem) throw new Error(`${file}: ${problem}`);
      return hello as Handshake;
    },
    async call(req, timeoutMs): Promise<SdkOutcome> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<SdkOutcome>((ok) => {
        timer = setTimeout(() => ok({ kind: "adapter-failure", reason: "timeout", message: `no answer within ${timeoutMs} ms` }), timeoutMs);
      });
      const answer = (async (): Promise<SdkOutcome> => {
        try {
          return toOutcome(await impl!.call(req));
        } catch (e) {
          return { kind: "error", errorKind: "unexpected", message: `${(e as Error)?.name ?? "Error"}: ${(e as Error)?.message ?? String(e)}` };
        }
      })();
      try {
        return await Promise.race([answer, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async stop() {
      await impl?.stop?.();
    },
  };
}
