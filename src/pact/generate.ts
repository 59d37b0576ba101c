import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MatchersV3 as M, PactV4 } from "@pact-foundation/pact";
import type { Contract } from "../contracts/model.ts";
import { bodyText } from "../generate/cases.ts";
import { parseLossless } from "../json/lossless.ts";
import { startMock } from "../mock/server.ts";
import type { RecordedRequest, SdkOutcome } from "../model/observed.ts";
import type { SdkAdapter } from "../targets/sdk-adapter.ts";
import { buildRequest } from "../targets/request-builder.ts";
import { freePort } from "../targets/server.ts";
import { UsageError } from "../errors.ts";
import { insideReportDir, writeAtomic } from "../report/write.ts";
import { planInteractions, type PlannedInteraction } from "./interactions.ts";
import { bodyTemplate, plain } from "./matchers.ts";

export interface PactGenerateOptions {
  contracts: Contract[];
  openAdapter: () => SdkAdapter;
  /** Consumer name; default: the SDK name from the adapter's handshake. */
  consumer?: string;
  provider: string;
  /** Where the pact file goes (`<consumer>-<provider>.json`). */
  dir: string;
  callTimeoutMs: number;
  onInteraction?: (r: InteractionResult) => void;
}

export interface InteractionResult {
  operationId: string;
  description: string;
  state: string;
  /** Written to the pact; otherwise why not. */
  ok: boolean;
  problem?: string;
}

export interface PactGenerateResult {
  /** The pact written; "" when no interaction passed. */
  file: string;
  consumer: string;
  interactions: InteractionResult[];
  unsupported: string[];
}

const describeOutcome = (o: SdkOutcome) =>
  o.kind === "decoded"
    ? "decoded"
    : o.kind === "error"
      ? `error ${o.errorKind}: ${o.message}`
      : o.kind === "adapter-failure"
        ? `adapter ${o.reason}: ${o.message}`
        : o.kind;

/** One pact file from the per-operation ones, interactions in operation order (written atomically). */
function joinPacts(files: string[], out: string): boolean {
  const pacts = files
    .filter(existsSync)
    .map((f) => JSON.parse(readFileSync(f, "utf8")) as { interactions: unknown[] } & Record<string, unknown>);
  if (!pacts.length) return false;
  writeAtomic(out, `${JSON.stringify({ ...pacts[0], interactions: pacts.flatMap((p) => p.interactions) }, null, 2)}\n`);
  return true;
}

/** The request path with the serviceId (and any other path parameter) as a regex, so any id matches. */
function pathMatcher(contract: Contract, path: string): unknown {
  const names = [...contract.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (!names.length) return path;
  const pattern = `^${contract.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+")}$`;
  return M.regex(pattern, path);
}

function requestBody(r: RecordedRequest): unknown {
  if (!r.body) return undefined;
  try {
    // Shape, not values: the SDK's parameters are the kit's own inputs, the provider needs the keys.
    return M.like(plain(parseLossless(r.body)));
  } catch {
    return undefined;
  }
}

/**
 * Writes a V4 consumer pact from what the SDK really does: each planned interaction is first
 * served by the kit's mock to record the SDK's request, then declared to Pact (request from the
 * recording, response with schema-derived matchers) and exercised again, through the adapter,
 * against Pact's own mock server. Only interactions the SDK passes are written.
 */
export async function generatePact(opts: PactGenerateOptions): Promise<PactGenerateResult> {
  mkdirSync(opts.dir, { recursive: true });
  let consumer = opts.consumer ?? "";
  let file: string;
  // Pact rewrites (merges into) its file after every interaction, which is quadratic in a pact of
  // hundreds of interactions: each operation gets its own small file, joined at the end.
  const parts = mkdtempSync(join(tmpdir(), "conformance-pact-"));
  const credentials = {
    serviceId: String(randomInt(1_000_000, 9_999_999)),
    accessToken: randomBytes(18).toString("base64url"),
  };
  const recorder = await startMock({ contracts: opts.contracts, credentials, enforceAuth: false });
  const adapter = opts.openAdapter();
  const results: InteractionResult[] = [];
  const used = new Set<number>();
  const unusedPort = async () => {
    for (let k = 0; k < 50; k++) {
      const p = await freePort();
      if (!used.has(p)) return (used.add(p), p);
    }
    throw new Error("no unused port on 127.0.0.1 for Pact's mock server");
  };
  const unsupported: string[] = [];
  try {
    const handshake = await adapter.start();
    consumer ||= handshake.sdk?.name || handshake.name || "sdk";
    file = insideReportDir(opts.dir, pactFileName(consumer, opts.provider, Boolean(opts.consumer)));
    const skip = new Set(handshake.unsupported ?? []);
    for (const contract of opts.contracts) {
      if (skip.has(contract.operationId)) {
        unsupported.push(contract.operationId);
        continue;
      }
      const request = buildRequest(contract, credentials);
      for (const planned of planInteractions(contract)) {
        // A port of its own per interaction: an SDK's pooled keep-alive connection to the previous
        // mock server on a reused port would otherwise be answered by that server.
        const fresh = async () =>
          new PactV4({
            consumer,
            provider: opts.provider,
            dir: join(parts, contract.operationId),
            logLevel: "error",
            port: await unusedPort(),
          });
        let result = await one(await fresh(), contract, planned, request);
        // Pact's mock server can record a request just after the test function returns (seen
        // when the SDK decoded its answer, yet the request is "expected but not received"):
        // that race is Pact's, not the SDK's, so the interaction is tried once more.
        if (
          !result.ok &&
          result.problem?.includes("expected but not received") &&
          result.problem.endsWith("outcome: decoded")
        )
          result = await one(await fresh(), contract, planned, request);
        results.push(result);
        opts.onInteraction?.(result);
      }
    }
    // Nothing passed: no file at all, rather than an empty pact a broker would accept.
    if (
      !joinPacts(
        opts.contracts.map((c) => join(parts, c.operationId, `${consumer}-${opts.provider}.json`)),
        file,
      )
    )
      file = "";
  } finally {
    await Promise.allSettled([adapter.stop(), recorder.close()]);
    rmSync(parts, { recursive: true, force: true });
  }
  return { file, consumer, interactions: results, unsupported };

  async function one(
    pact: PactV4,
    contract: Contract,
    planned: PlannedInteraction,
    request: ReturnType<typeof buildRequest>,
  ): Promise<InteractionResult> {
    const base = { operationId: planned.operationId, description: planned.description, state: planned.state };
    const body = bodyText(contract, planned.body);
    const once = (baseUrl: string) =>
      adapter.call(
        {
          id: `${planned.operationId}~pact~${planned.kind}${planned.action ? `~${planned.action}` : ""}`,
          operationId: contract.operationId,
          baseUrl,
          credentials,
          request,
        },
        opts.callTimeoutMs,
      );
    // As in runs: a transport error here is a pooled connection to a mock server that has just
    // closed (Pact starts one per interaction), not the SDK's doing; try once more.
    const call = async (baseUrl: string) => {
      const o = await once(baseUrl);
      return o.kind === "error" && o.errorKind === "transport" ? once(baseUrl) : o;
    };
    recorder.setDefault(contract.operationId, {
      status: contract.response.status,
      body,
      contentType: contract.response.contentType,
    });
    recorder.takeRequests();
    const first = await call(recorder.url);
    const sent = recorder.takeRequests().find((r) => r.operationId === contract.operationId);
    if (first.kind !== "decoded")
      return { ...base, ok: false, problem: `the SDK did not decode the response (${describeOutcome(first)})` };
    if (!sent) return { ...base, ok: false, problem: "the SDK made no request to the operation's path" };
    const reqBody = requestBody(sent);
    let seen: SdkOutcome | undefined;
    const headers: Record<string, unknown> = {};
    if (sent.headers.authorization !== undefined)
      headers.Authorization = M.regex("^Bearer \\S+$", `Bearer ${credentials.accessToken}`);
    if (reqBody !== undefined && sent.headers["content-type"])
      headers["Content-Type"] = M.regex("^application/json(;.*)?$", sent.headers["content-type"]);
    try {
      await pact
        .addInteraction()
        .given(planned.state)
        .uponReceiving(planned.description)
        .withRequest(sent.method, pathMatcher(contract, sent.path) as string, (b) => {
          if (Object.keys(sent.query).length) b.query(sent.query);
          b.headers(headers as Record<string, string>);
          if (reqBody !== undefined) b.jsonBody(reqBody);
        })
        .willRespondWith(contract.response.status, (b) => {
          b.headers({ "Content-Type": M.regex("^application/json(;.*)?$", "application/json") });
          b.jsonBody(bodyTemplate(contract.response.schema!, planned.body));
        })
        .executeTest(async (server) => {
          const again = await call(server.url);
          seen = again;
          if (again.kind !== "decoded")
            throw new Error(
              `against Pact's mock server the SDK did not decode the response (${describeOutcome(again)})`,
            );
        });
      return { ...base, ok: true };
    } catch (e) {
      const sdk = seen ? `; the SDK's outcome: ${describeOutcome(seen)}` : "; the SDK was not called";
      return { ...base, ok: false, problem: `${(e as Error).message.split("\n").slice(0, 12).join("\n")}${sdk}` };
    }
  }
}

/**
 * `<consumer>-<provider>.json`, as Pact names its files. The consumer name may come from the
 * adapter's handshake, that is from the target: a name that is not a plain file name is refused
 * rather than written somewhere else.
 */
export function pactFileName(consumer: string, provider: string, consumerGiven: boolean): string {
  for (const [what, name] of [
    ["consumer", consumer],
    ["provider", provider],
  ] as const) {
    if (!/^[\w@+][\w .@+-]*$/.test(name) || name.length > 128) {
      const from =
        what === "consumer" && !consumerGiven ? " (from the SDK adapter's handshake; set one with --consumer)" : "";
      throw new UsageError(
        `pact generate: the ${what} name ${JSON.stringify(name.slice(0, 128))}${from} is not usable in a file name: letters, digits, space, "_", ".", "@", "+", "-" only, not starting with "." or "-"`,
      );
    }
  }
  return `${consumer}-${provider}.json`;
}
