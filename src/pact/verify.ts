import { Verifier, type VerifierOptions } from "@pact-foundation/pact";
import type { Contract } from "../contracts/model.ts";
import { CONTROL_PREFIX } from "../mock/control.ts";
import { startMock, type MockServer } from "../mock/server.ts";
import { providerStates } from "./interactions.ts";

export interface BrokerSettings {
  url: string;
  token?: string;
  username?: string;
  password?: string;
}

export interface PactVerifyOptions {
  contracts: Contract[];
  provider: string;
  /** Pact files to verify, or … */
  pactFiles?: string[];
  /** … the pacts the broker holds for `provider`. */
  broker?: BrokerSettings;
  /** The provider under test; without it the kit's mock Authlete API is the provider. */
  providerUrl?: string;
  /** Where a real provider sets up its states (Pact's provider-states protocol). */
  stateSetupUrl?: string;
  providerVersion?: string;
  providerBranch?: string;
  /** Which consumer pacts to fetch from the broker (default: main branch, matching branch, deployed or released). */
  consumerVersionSelectors?: VerifierOptions["consumerVersionSelectors"];
  /** Publish the verification results to the broker. */
  publish?: boolean;
  timeoutMs?: number;
}

export interface PactVerifyResult {
  ok: boolean;
  /** The provider verified: a URL, or "the kit's mock". */
  provider: string;
  message: string;
}

/** Where a kit mock sets up Pact provider states (its control token in the query: the Verifier sends no custom header there). */
export const pactStateUrl = (mock: Pick<MockServer, "url" | "controlToken">): string =>
  `${mock.url}${CONTROL_PREFIX}pact-state?token=${encodeURIComponent(mock.controlToken)}`;

/** Runs the Pact Verifier; failures come back as a result, bad settings throw. */
export async function verifyPact(opts: PactVerifyOptions): Promise<PactVerifyResult> {
  let mock: MockServer | undefined;
  try {
    // Without a provider the kit's mock is one, its states set up through the same control route
    // a `conformance mock` in another process offers (pactStateUrl).
    if (!opts.providerUrl)
      mock = await startMock({
        contracts: opts.contracts,
        credentials: { accessToken: "pact-verification" },
        enforceAuth: false,
        providerState: providerStates(opts.contracts),
      });
    const providerBaseUrl = opts.providerUrl ?? mock!.url;
    const v: VerifierOptions = {
      provider: opts.provider,
      providerBaseUrl,
      logLevel: (process.env.CONFORMANCE_PACT_LOG as "error") ?? "error",
      timeout: opts.timeoutMs ?? 30_000,
      ...(opts.pactFiles ? { pactUrls: opts.pactFiles } : {}),
      ...(opts.broker
        ? {
            pactBrokerUrl: opts.broker.url,
            consumerVersionSelectors: opts.consumerVersionSelectors ?? [
              { mainBranch: true },
              { matchingBranch: true },
              { deployedOrReleased: true },
            ],
            ...(opts.broker.token ? { pactBrokerToken: opts.broker.token } : {}),
            ...(opts.broker.username
              ? { pactBrokerUsername: opts.broker.username, pactBrokerPassword: opts.broker.password ?? "" }
              : {}),
          }
        : {}),
      ...(mock
        ? { providerStatesSetupUrl: pactStateUrl(mock) }
        : opts.stateSetupUrl
          ? { providerStatesSetupUrl: opts.stateSetupUrl }
          : {}),
      ...(opts.providerVersion ? { providerVersion: opts.providerVersion } : {}),
      ...(opts.providerBranch ? { providerVersionBranch: opts.providerBranch } : {}),
      ...(opts.publish ? { publishVerificationResult: true } : {}),
    };
    try {
      const out = await new Verifier(v).verifyProvider();
      return {
        ok: true,
        provider: opts.providerUrl ?? "the kit's mock Authlete API",
        message: String(out ?? "verified"),
      };
    } catch (e) {
      return { ok: false, provider: opts.providerUrl ?? "the kit's mock Authlete API", message: (e as Error).message };
    }
  } finally {
    await mock?.close();
  }
}
