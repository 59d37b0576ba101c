import { join } from "node:path";
import { UsageError } from "../../errors.ts";
import { buildContracts } from "../../contracts/build.ts";
import { checkContracts } from "../../contracts/check.ts";
import { DEFAULT_PROFILE, FACTS_FILE, KIT_ROOT, referenceDir, SPEC_FILE } from "../../contracts/paths.ts";
import { loadProfile, writeContracts } from "../../contracts/store.ts";
import { parse, str } from "../args.ts";
import { table } from "../table.ts";
import type { Io } from "../io.ts";

export const CONTRACTS_HELP = `Usage: conformance contracts <build|check|list|show> [options]

  build   [--spec FILE] [--actions FILE] [--profile P]
          Compile contracts/<profile>/ (one JSON file per operation) from the OpenAPI spec and
          the per-action facts. Defaults read ../shared/reference when present.
  check   [--spec FILE] [--actions FILE] [--profile P]
          Exit 0 when the committed contracts equal a fresh build and spec and facts agree;
          documented differences are listed, not failed. Exit 1 with each drift otherwise.
  list    [--json] [--profile P]     Operations with their action counts.
  show    <operationId> [--json] [--profile P]
          One contract's actions and rules as a table; --json: the whole contract (its
          parameters, request body schema and response), e.g. to write an adapter.
`;

const SOURCES = { spec: { type: "string" }, actions: { type: "string" }, profile: { type: "string" } } as const;

function sources(values: Record<string, unknown>): { specFile: string; factsFile: string } {
  const ref = referenceDir();
  const specFile = str(values.spec) ?? (ref && join(ref, SPEC_FILE));
  const factsFile = str(values.actions) ?? (ref && join(ref, FACTS_FILE));
  if (!specFile || !factsFile) {
    throw new UsageError(
      `no ${!specFile ? "--spec" : "--actions"} given and no reference folder found (looked at $CONFORMANCE_REFERENCE_DIR and ${join(KIT_ROOT, "..", "shared", "reference")})`,
    );
  }
  return { specFile, factsFile };
}

/** `conformance contracts`: synchronous work behind the commands' async signature. */
export const contractsCommand = (argv: string[], io: Io): Promise<number> => Promise.resolve(contracts(argv, io));

function contracts(argv: string[], io: Io): number {
  const [sub, ...rest] = argv;
  if (!sub || sub === "--help" || sub === "-h") return (io.out(CONTRACTS_HELP), sub ? 0 : 2);
  switch (sub) {
    case "build": {
      const { values } = parse("contracts build", rest, SOURCES, 0);
      if (values.help) return (io.out(CONTRACTS_HELP), 0);
      const profile = str(values.profile) ?? DEFAULT_PROFILE;
      const result = buildContracts(sources(values).specFile, sources(values).factsFile, profile);
      const files = writeContracts(result);
      io.out(
        `wrote ${files.length - 1} contracts to contracts/${profile}/ (${result.contracts.filter((c) => c.actions.length).length} with actions), ${result.lint.length} spec lint warnings`,
      );
      for (const d of result.drift) io.err(`drift: ${d.operationId}: ${d.message} [${d.source}]`);
      return 0;
    }
    case "check": {
      const { values } = parse("contracts check", rest, SOURCES, 0);
      if (values.help) return (io.out(CONTRACTS_HELP), 0);
      const profile = str(values.profile) ?? DEFAULT_PROFILE;
      const r = checkContracts({ ...sources(values), profile });
      io.out(`Spec lint (${r.lint.length}, resolved by the build):`);
      for (const w of r.lint) io.out(`  warning ${w.code}: ${w.where}: ${w.resolution}`);
      io.out(`Known differences between sources (${r.known.length}, not drift):`);
      for (const k of r.known) io.out(`  ${k.operationId}: ${k.value} (${k.kind})`);
      if (!r.drift.length) {
        io.out(`contracts/${profile} is up to date: no drift between spec, facts and committed contracts.`);
        return 0;
      }
      io.out(`Drift (${r.drift.length}):`);
      for (const d of r.drift) io.out(`  ${d.operationId}: ${d.message} [source: ${d.source}]`);
      io.out(`Run "conformance contracts build" to recompile, then review the diff.`);
      return 1;
    }
    case "list": {
      const { values } = parse("contracts list", rest, { json: { type: "boolean" }, profile: { type: "string" } }, 0);
      if (values.help) return (io.out(CONTRACTS_HELP), 0);
      const p = loadProfile(str(values.profile) ?? DEFAULT_PROFILE);
      const ops = p.contracts.map((c) => ({
        operationId: c.operationId,
        method: c.method,
        path: c.path,
        actions: c.actions.length,
        actionValues: c.actions.map((a) => a.value),
      }));
      if (values.json) {
        io.out(
          JSON.stringify(
            { profile: p.profile, operations: ops.length, withActions: ops.filter((o) => o.actions).length, list: ops },
            null,
            2,
          ),
        );
      } else {
        io.out(
          table(
            ["operation", "method", "path", "actions"],
            ops.map((o) => [o.operationId, o.method, o.path, String(o.actions || "-")]),
          ),
        );
        io.out(
          `\n${ops.length} operations, ${ops.filter((o) => o.actions).length} with actions (profile ${p.profile})`,
        );
      }
      return 0;
    }
    case "show": {
      const { values, positionals } = parse(
        "contracts show",
        rest,
        { profile: { type: "string" }, json: { type: "boolean" } },
        1,
      );
      if (values.help) return (io.out(CONTRACTS_HELP), 0);
      if (!positionals[0]) throw new UsageError("contracts show: missing <operationId>");
      const p = loadProfile(str(values.profile) ?? DEFAULT_PROFILE);
      const c = p.byId.get(positionals[0]);
      if (!c)
        throw new UsageError(
          `contracts show: unknown operation "${positionals[0]}" in profile ${p.profile} (see "conformance contracts list")`,
        );
      if (values.json) return (io.out(JSON.stringify(c, null, 2)), 0);
      io.out(
        `${c.operationId}  ${c.method} ${c.path}  (${c.response.status} ${c.response.contentType ?? "no body"}${c.responseModel ? `, ${c.responseModel}` : ""})`,
      );
      if (!c.actions.length) return (io.out("No action rules for this operation."), 0);
      io.out(
        table(
          ["action", "status", "content-type", "body", "headers", "follow-up"],
          c.actions.map((a) => [
            a.value + (a.listedBy.includes("spec") ? "" : " *") + (a.expected ? "" : " (unexpected here)"),
            a.status === null ? "-" : String(a.status),
            a.contentType ?? "-",
            a.body,
            a.headers.map((h) => `${h.name}: ${h.value}`).join("; ") || "-",
            a.next
              ? `${a.next.later ? "later " : ""}${a.next.external ? `{${a.next.external}}` : a.next.operations.join(" | ")}${a.next.optional ? " (optional)" : ""}${a.next.carries.length ? ` carrying ${a.next.carries.join(", ")}` : ""}`
              : "-",
          ]),
        ),
      );
      for (const h of c.conditionalHeaders)
        io.out(
          `Also: ${h.name}: ${h.value}${h.when ? ` when ${h.when} is present` : ""}${h.carriedFrom ? ` carried from ${h.carriedFrom}` : ""}`,
        );
      if (c.actions.some((a) => !a.listedBy.includes("spec")))
        io.out("* not in the spec's enum; documented by authlete-java-common");
      return 0;
    }
    default:
      throw new UsageError(`contracts: unknown subcommand "${sub}" (expected build, check, list or show)`);
  }
}
