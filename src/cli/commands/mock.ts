import { randomBytes } from "node:crypto";
import { DEFAULT_PROFILE } from "../../contracts/paths.ts";
import { loadProfile } from "../../contracts/store.ts";
import { UsageError } from "../../errors.ts";
import { generatedFallback } from "../../generate/fallback.ts";
import { startMock, type MockServer } from "../../mock/server.ts";
import { providerStates } from "../../pact/interactions.ts";
import { pactStateUrl } from "../../pact/verify.ts";
import { INTEGER_LIMITS } from "../../run/options.ts";
import { intOption, parse, seedOption, str } from "../args.ts";
import type { Io } from "../io.ts";

export const MOCK_HELP = `Usage: conformance mock [--port P] [options]

Serve the mock Authlete API on 127.0.0.1 until interrupted (Ctrl-C or SIGTERM). Every operation
of the profile answers at its spec path; script answers and read the recorded requests through
the control endpoint under /__conformance/ (see docs/mock.md).

Options:
  --port P             port on 127.0.0.1 (default 0: a free one, printed)
  --access-token T     the Bearer token callers must send (default: random, printed)
  --any-token          answer whatever Bearer token comes (problems are only recorded), e.g. to
                       verify pacts whose recorded token is the consumer's
  --service-id S       the serviceId callers must use in /api/{serviceId}/... (default: any)
  --control-token T    the X-Conformance-Control token (default: random, printed)
  --profile P          contracts profile (default ${DEFAULT_PROFILE})
  --strict-requests    answer 400 to malformed requests instead of only recording them
  --seed N             seed of the generated bodies unscripted calls get (default: random, printed)
  --json               print one JSON line {"url", "accessToken", "controlToken", "seed",
                       "pactStateUrl"} instead of text

Pact: the mock is a provider for the kit's pacts. Give the printed pact state URL to
\`conformance pact verify --provider-url URL --state-url STATE_URL\` (docs/pact.md).
`;

const OPTIONS = {
  port: { type: "string" },
  "access-token": { type: "string" },
  "any-token": { type: "boolean" },
  "service-id": { type: "string" },
  "control-token": { type: "string" },
  profile: { type: "string" },
  "strict-requests": { type: "boolean" },
  seed: { type: "string" },
  json: { type: "boolean" },
} as const;

/**
 * `conformance mock`: runs until SIGINT or SIGTERM (or `signal` aborts), then closes the mock and
 * resolves 0. It never exits the process; main.ts does once stdout has drained.
 */
export async function mockCommand(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values } = parse("mock", argv, OPTIONS, 0);
  if (values.help) return (io.out(MOCK_HELP), 0);
  const port = intOption("mock", "port", values.port, 0, ...INTEGER_LIMITS.port);
  const profile = loadProfile(str(values.profile) ?? DEFAULT_PROFILE);
  const accessToken = str(values["access-token"]) ?? randomBytes(18).toString("base64url");
  const serviceId = str(values["service-id"]);
  const controlToken = str(values["control-token"]);
  const seed = seedOption("mock", values.seed) ?? Math.floor(Math.random() * 2 ** 31);
  for (const [name, v] of [
    ["access-token", accessToken],
    ["control-token", controlToken],
  ] as const) {
    if (v !== undefined && !/^[\x21-\x7e]+$/.test(v))
      throw new UsageError(`mock: --${name} must be printable ASCII without spaces`);
  }
  // Listen for signals before printing the URL: a supervisor may send SIGTERM the moment it
  // reads it, and without a listener Node dies of the signal instead of closing cleanly.
  const stopped = untilStopped(signal);
  let mock: MockServer;
  try {
    mock = await startMock({
      contracts: profile.contracts,
      credentials: { accessToken, ...(serviceId ? { serviceId } : {}) },
      port,
      strictRequests: values["strict-requests"] === true,
      fallbackBody: generatedFallback(seed),
      providerState: providerStates(profile.contracts),
      ...(values["any-token"] ? { enforceAuth: false } : {}),
      ...(controlToken ? { controlToken } : {}),
    });
  } catch (e) {
    stopped.cancel();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES")
      throw new UsageError(
        `mock: cannot listen on 127.0.0.1:${port} (${code === "EADDRINUSE" ? "port in use" : "permission denied"})`,
      );
    throw e;
  }
  if (values.json)
    io.out(
      JSON.stringify({
        url: mock.url,
        accessToken,
        controlToken: mock.controlToken,
        seed,
        pactStateUrl: pactStateUrl(mock),
      }),
    );
  else {
    io.out(
      [
        `mock Authlete API (${profile.profile}, ${profile.contracts.length} operations) at ${mock.url}`,
        `  Bearer token:   ${values["any-token"] ? "any (--any-token)" : accessToken}`,
        `  serviceId:      ${serviceId ?? "(any)"}`,
        `  seed:           ${seed} (unscripted calls get generated conforming bodies; --seed ${seed} repeats them)`,
        `  control token:  ${mock.controlToken} (header X-Conformance-Control, routes under ${mock.url}/__conformance/)`,
        `  pact states:    ${pactStateUrl(mock)} (for pact verify --state-url)`,
        "Ctrl-C stops it.",
      ].join("\n"),
    );
  }
  await stopped.promise;
  await mock.close();
  return 0;
}

/** Resolves on the first SIGINT or SIGTERM (or abort); a second signal gets Node's default handling. */
function untilStopped(signal?: AbortSignal): { promise: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const promise = new Promise<void>((done) => {
    const stop = () => {
      cancel();
      done();
    };
    cancel = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      signal?.removeEventListener("abort", stop);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    if (signal?.aborted) return stop();
    signal?.addEventListener("abort", stop, { once: true });
  });
  return { promise, cancel };
}
