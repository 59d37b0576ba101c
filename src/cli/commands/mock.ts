import { randomBytes } from "node:crypto";
import { DEFAULT_PROFILE } from "../../contracts/paths.ts";
import { loadProfile } from "../../contracts/store.ts";
import { startMock } from "../../mock/server.ts";
import { intOption, parse, str } from "../args.ts";
import type { Io } from "../io.ts";

export const MOCK_HELP = `Usage: conformance mock [--port P] [options]

Serve the mock Authlete API on 127.0.0.1 until interrupted (Ctrl-C or SIGTERM). All operations
of the profile answer at their spec paths; script answers and read recorded requests through the
control endpoint under /__conformance/ (docs/mock.md).

Options:
  --port P            port on 127.0.0.1 (default: a free one)
  --access-token T    the Bearer token callers must send (default: random, printed)
  --service-id S      the serviceId callers must use in paths (default: any)
  --control-token T   the X-Conformance-Control token (default: random, printed)
  --profile P         contracts profile (default ${DEFAULT_PROFILE})
  --json              print one JSON line {url, accessToken, controlToken} instead of text
`;

export async function mockCommand(argv: string[], io: Io, signal?: AbortSignal): Promise<number> {
  const { values } = parse("mock", argv, { port: { type: "string" }, "access-token": { type: "string" }, "service-id": { type: "string" }, "control-token": { type: "string" }, profile: { type: "string" }, json: { type: "boolean" } }, 0);
  if (values.help) return io.out(MOCK_HELP), 0;
  const profile = loadProfile(str(values.profile) ?? DEFAULT_PROFILE);
  const accessToken = str(values["access-token"]) ?? randomBytes(18).toString("base64url");
  const serviceId = str(values["service-id"]);
  const mock = await startMock({
    contracts: profile.contracts,
    credentials: { accessToken, ...(serviceId ? { serviceId } : {}) },
    port: intOption("mock", "port", values.port, 0, 0),
    ...(str(values["control-token"]) ? { controlToken: str(values["control-token"])! } : {}),
  });
  if (values.json) io.out(JSON.stringify({ url: mock.url, accessToken, controlToken: mock.controlToken }));
  else io.out(`mock Authlete API (${profile.profile}) at ${mock.url}\n  Bearer token:   ${accessToken}\n  control token:  ${mock.controlToken} (header X-Conformance-Control)\nCtrl-C stops it.`);
  await new Promise<void>((done) => {
    const stop = () => done();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    signal?.addEventListener("abort", stop, { once: true });
  });
  await mock.close();
  return 0;
}
