/**
 * A loopback Pact Broker speaking enough of the Broker's HAL API for the official clients: the
 * `pact-broker` CLI (publish, can-i-deploy) and the Pact Verifier (pacts for verification,
 * verification results). A real broker cannot run here; this one keeps everything in memory.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface StoredPact {
  consumer: string;
  provider: string;
  version: string;
  branch?: string;
  tags: string[];
  sha: string;
  content: Record<string, unknown>;
}

interface Verification {
  sha: string;
  provider: string;
  providerVersion: string;
  success: boolean;
}

export interface FakeBroker {
  url: string;
  pacts: StoredPact[];
  verifications: Verification[];
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeBroker(opts: { token?: string } = {}): Promise<FakeBroker> {
  const pacts: StoredPact[] = [];
  const verifications: Verification[] = [];
  const requests: string[] = [];
  let base = "";
  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/hal+json;charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const pactUrl = (p: StoredPact) =>
    `${base}/pacts/provider/${encodeURIComponent(p.provider)}/consumer/${encodeURIComponent(p.consumer)}/pact-version/${p.sha}`;
  const verified = (p: StoredPact) => verifications.filter((v) => v.sha === p.sha);

  async function handle(req: IncomingMessage, res: ServerResponse) {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const url = new URL(req.url ?? "/", base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (opts.token && req.headers.authorization !== `Bearer ${opts.token}`)
      return send(res, 401, { error: "Unauthorized: a valid token is required" });
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = url.pathname;

    if (req.method === "GET" && path === "/") {
      return send(res, 200, {
        _links: {
          self: { href: base },
          "pb:publish-contracts": { href: `${base}/contracts/publish`, title: "Publish contracts" },
          "pb:provider-pacts-for-verification": {
            href: `${base}/pacts/provider/{provider}/for-verification`,
            templated: true,
            title: "Pacts to be verified",
          },
          "pb:matrix": { href: `${base}/matrix`, title: "The matrix" },
        },
      });
    }

    if (req.method === "POST" && path === "/contracts/publish") {
      const name = String(body.pacticipantName);
      const version = String(body.pacticipantVersionNumber);
      const contracts =
        (body.contracts as Array<{ consumerName: string; providerName: string; content: string }>) ?? [];
      for (const c of contracts) {
        const text = Buffer.from(c.content, "base64").toString("utf8");
        const sha = createHash("sha1").update(text).digest("hex");
        pacts.push({
          consumer: c.consumerName,
          provider: c.providerName,
          version,
          ...(body.branch ? { branch: String(body.branch) } : {}),
          tags: (body.tags as string[]) ?? [],
          sha,
          content: JSON.parse(text) as Record<string, unknown>,
        });
      }
      const links = { self: { href: `${base}/pacticipants/${name}/versions/${version}` } };
      return send(res, 200, {
        notices: contracts.map((c) => ({
          type: "success",
          text: `Pact for ${c.consumerName} and ${c.providerName} published`,
        })),
        _embedded: {
          pacticipant: { name, _links: { self: { href: `${base}/pacticipants/${name}`, name } } },
          version: { number: version, name: version, _links: links },
        },
        _links: {
          "pb:pacticipant": { href: `${base}/pacticipants/${name}`, name },
          "pb:pacticipant-version": { ...links.self, name: version },
          "pb:contracts": pacts
            .slice(-contracts.length)
            .map((p) => ({ href: pactUrl(p), title: "Pact", name: `Pact between ${p.consumer} and ${p.provider}` })),
        },
      });
    }

    const forVerification = /^\/pacts\/provider\/([^/]+)\/for-verification$/.exec(path);
    // The Verifier GETs the resource first, then POSTs its selectors to the resource's self link.
    if (req.method === "GET" && forVerification)
      return send(res, 200, { _links: { self: { href: `${base}${path}`, title: "Pacts to be verified" } } });
    if (req.method === "POST" && forVerification) {
      const provider = decodeURIComponent(forVerification[1]!);
      // The latest pact of each consumer (selectors are accepted but not interpreted).
      const latest = new Map<string, StoredPact>();
      for (const p of pacts.filter((x) => x.provider === provider)) latest.set(p.consumer, p);
      return send(res, 200, {
        _embedded: {
          pacts: [...latest.values()].map((p) => ({
            shortDescription: `latest of ${p.consumer}`,
            verificationProperties: {
              pending: false,
              notices: [{ when: "before_verification", text: `verifying ${p.consumer} ${p.version}` }],
            },
            _links: { self: { href: pactUrl(p), name: `Pact between ${p.consumer} and ${p.provider}` } },
          })),
        },
        _links: { self: { href: `${base}${path}` } },
      });
    }

    const pactRoute =
      /^\/pacts\/provider\/([^/]+)\/consumer\/([^/]+)\/pact-version\/([0-9a-f]+)(\/verification-results)?$/.exec(path);
    if (pactRoute) {
      const p = pacts.find((x) => x.sha === pactRoute[3]);
      if (!p) return send(res, 404, { error: "no such pact" });
      if (req.method === "GET" && !pactRoute[4])
        return send(res, 200, {
          ...p.content,
          _links: {
            self: { href: pactUrl(p) },
            "pb:provider": { href: `${base}/pacticipants/${encodeURIComponent(p.provider)}`, name: p.provider },
            "pb:publish-verification-results": {
              href: `${pactUrl(p)}/verification-results`,
              title: "Publish verification results",
            },
          },
        });
      if (req.method === "POST" && pactRoute[4]) {
        verifications.push({
          sha: p.sha,
          provider: p.provider,
          providerVersion: String(body.providerApplicationVersion),
          success: body.success === true,
        });
        return send(res, 201, {
          success: body.success,
          providerApplicationVersion: body.providerApplicationVersion,
          _links: { self: { href: `${pactUrl(p)}/verification-results/${verifications.length}` } },
        });
      }
    }

    // Pacticipants and their versions: the Verifier records the provider version (and branch)
    // before it publishes a result.
    const pacticipant = /^\/pacticipants\/([^/]+)$/.exec(path);
    if (req.method === "GET" && pacticipant) {
      const at = `${base}/pacticipants/${pacticipant[1]}`;
      return send(res, 200, {
        name: decodeURIComponent(pacticipant[1]!),
        _links: {
          self: { href: at },
          "pb:version": { href: `${at}/versions/{version}`, templated: true },
          "pb:branch-version": { href: `${at}/branches/{branch}/versions/{version}`, templated: true },
          "pb:version-tag": { href: `${at}/versions/{version}/tags/{tag}`, templated: true },
        },
      });
    }
    if ((req.method === "PUT" || req.method === "GET") && /^\/pacticipants\/[^/]+\/(versions|branches)\//.test(path))
      return send(res, 200, { _links: { self: { href: `${base}${path}` } } });

    if (req.method === "GET" && path === "/matrix") {
      // can-i-deploy for one consumer version: deployable when every pact it published has a
      // successful verification.
      const name = url.searchParams.get("q[][pacticipant]");
      const version = url.searchParams.get("q[][version]");
      const mine = pacts.filter((p) => p.consumer === name && (!version || p.version === version));
      const rows = mine.map((p) => ({ p, v: verified(p).at(-1) }));
      const failed = rows.filter((r) => r.v && !r.v.success).length;
      const unknown = rows.filter((r) => !r.v).length;
      const success = rows.length - failed - unknown;
      const deployable = rows.length > 0 && failed === 0 && unknown === 0;
      const reason = !rows.length
        ? `No pacts published by ${name} ${version}`
        : deployable
          ? "All required verification results are published and successful"
          : failed
            ? "One or more verifications have failed"
            : "Missing one or more required verification results";
      return send(res, 200, {
        summary: { deployable, reason, success, failed, unknown },
        notices: [{ type: deployable ? "success" : "error", text: reason }],
        matrix: rows.map(({ p, v }) => ({
          consumer: { name: p.consumer, version: { number: p.version } },
          provider: { name: p.provider, version: v ? { number: v.providerVersion } : null },
          pact: { createdAt: "2026-11-24T00:00:00+00:00" },
          verificationResult: v ? { success: v.success, verifiedAt: "2026-11-24T00:00:00+00:00" } : null,
        })),
      });
    }
    send(res, 404, { error: `no route ${req.method} ${path}` });
  }

  const server = createServer(
    (req, res) => void handle(req, res).catch((e: Error) => send(res, 500, { error: e.message })),
  );
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    pacts,
    verifications,
    requests,
    close: () => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))),
  };
}
