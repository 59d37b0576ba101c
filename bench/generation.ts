/**
 * Generation throughput over every JSON response schema of the profile, against json-schema-faker
 * on the same schemas in the same process, with both sides' validity rate checked by ajv.
 */
import { JSONSchemaFaker } from "json-schema-faker";
import fc from "fast-check";
import type { Contract, Schema } from "../src/contracts/model.ts";
import { loadProfile } from "../src/contracts/store.ts";
import { schemaArbitrary } from "../src/arbitraries/schema.ts";
import { coverageCases, randomCases } from "../src/generate/cases.ts";
import { measureCoverage } from "../src/generate/coverage.ts";
import { parseLossless, stringifyLossless } from "../src/json/lossless.ts";
import { validateText } from "../src/schema/validate.ts";
import { fmt, rate, ratio, type Row } from "./measure.ts";

const jsf = JSONSchemaFaker as unknown as { generate(s: unknown): unknown; option(o: object): void };
// Same work on both sides: fast-check's record keeps an optional key 5 times in 6, so the peer
// is set to the same rate of optional properties.
// Arrays are capped as the kit caps them (3 items).
jsf.option({
  optionalsProbability: 5 / 6,
  fixedProbabilities: true,
  failOnInvalidTypes: false,
  refDepthMax: 4,
  maxItems: 3,
});

/** The peer gets plain JSON Schema: OpenAPI `nullable` spelled as a `null` type. */
function forPeer(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(forPeer);
  if (!s || typeof s !== "object") return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) if (k !== "nullable") out[k] = k === "enum" ? v : forPeer(v);
  const n = s as Schema;
  if (n.nullable === true) {
    if (typeof n.$ref === "string") return { anyOf: [out, { type: "null" }] };
    if (typeof out.type === "string") out.type = [out.type, "null"];
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
  }
  return out;
}

export function benchGeneration(): Row[] {
  const contracts = loadProfile("authlete-3.0.16").contracts.filter(
    (c) => c.response.schema && c.response.contentType === "application/json",
  );
  const ours = contracts.map((c) => schemaArbitrary(c.response.schema!, c.operationId));
  const peers = contracts.map((c) => forPeer(c.response.schema));
  let seed = 1;
  let kitBytes = 0;
  let peerBytes = 0;
  const kitPass = () => {
    let n = 0;
    for (const arb of ours)
      for (const v of fc.sample(arb, { seed: seed++, numRuns: 20 })) {
        kitBytes += stringifyLossless(v).length;
        n++;
      }
    return n;
  };
  const peerPass = () => {
    let n = 0;
    for (const s of peers)
      for (let k = 0; k < 3; k++) {
        peerBytes += JSON.stringify(jsf.generate(s)).length;
        n++;
      }
    return n;
  };
  // Warm both up (JIT, caches) before measuring.
  rate(kitPass, 500);
  rate(peerPass, 500);
  kitBytes = peerBytes = 0;
  const kit = rate(kitPass, 2500);
  const peer = rate(peerPass, 2500);
  // Validity and coverage on 100 bodies per operation, each side.
  let kitValid = 0,
    peerValid = 0,
    total = 0,
    kitCov = 0,
    kitRandomCov = 0,
    peerCov = 0;
  contracts.forEach((c: Contract, k) => {
    const kitCases = [...coverageCases(c), ...randomCases(c, { seed: 9, count: 100 })].slice(0, 100);
    const randomOnly = randomCases(c, { seed: 9, count: 100 });
    const peerBodies = Array.from({ length: 100 }, () => JSON.stringify(jsf.generate(peers[k])));
    for (let i = 0; i < 100; i++) {
      total++;
      if (!validateText(c.response.schema!, kitCases[i]!.body).length) kitValid++;
      if (!validateText(c.response.schema!, peerBodies[i]!).length) peerValid++;
    }
    kitCov += measureCoverage(
      c,
      kitCases.map((x) => parseLossless(x.body)),
    ).percent;
    kitRandomCov += measureCoverage(
      c,
      randomOnly.map((x) => parseLossless(x.body)),
    ).percent;
    peerCov += measureCoverage(
      c,
      peerBodies.map((b) => parseLossless(b)),
    ).percent;
  });
  const n = contracts.length;
  return [
    {
      section: "generation",
      metric: `bodies/s over ${n} response schemas`,
      kit: fmt(kit.perSecond),
      peer: `${fmt(peer.perSecond)} (json-schema-faker)`,
      ratio: ratio(kit.perSecond, peer.perSecond),
    },
    {
      section: "generation",
      metric: "JSON bytes/s (bodies differ in size)",
      kit: fmt(kitBytes / kit.seconds),
      peer: fmt(peerBytes / peer.seconds),
      ratio: ratio(kitBytes / kit.seconds, peerBytes / peer.seconds),
    },
    {
      section: "generation",
      metric: "mean body size (bytes)",
      kit: fmt(kitBytes / kit.total),
      peer: fmt(peerBytes / peer.total),
      ratio: "",
    },
    {
      section: "generation",
      metric: "ajv-valid bodies (100 per operation)",
      kit: `${fmt((100 * kitValid) / total, 1)}%`,
      peer: `${fmt((100 * peerValid) / total, 1)}%`,
      ratio: "",
    },
    {
      section: "generation",
      metric: "coverage goals met per 100 cases (mean)",
      kit: `${fmt(kitCov / n, 1)}% (${fmt(kitRandomCov / n, 1)}% random only)`,
      peer: `${fmt(peerCov / n, 1)}%`,
      ratio: "",
    },
  ];
}
