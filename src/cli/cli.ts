import { InputError, UsageError } from "../errors.ts";
import { contractsCommand } from "./commands/contracts.ts";
import { generateCommand } from "./commands/generate.ts";
import { runCommand } from "./commands/run.ts";
import { replayCommand } from "./commands/replay.ts";
import { mockCommand } from "./commands/mock.ts";
import { mergeCommand } from "./commands/merge.ts";
import { pactCommand } from "./commands/pact.ts";
import type { Io } from "./io.ts";
import { version } from "./version.ts";

type Command = { summary: string; run: (argv: string[], io: Io) => Promise<number> };

/** The commands this version implements; names follow DESIGN.md and never change. */
const COMMANDS: Record<string, Command> = {
  run: {
    summary: "--sdk <adapter> | --server <command> — check an SDK or a server against every response the spec allows",
    run: runCommand,
  },
  replay: {
    summary: "<case-id | report.json#case-id> — re-run one case exactly and show what happened",
    run: replayCommand,
  },
  mock: { summary: "[--port P] — serve the mock Authlete API on 127.0.0.1 (scriptable)", run: mockCommand },
  contracts: {
    summary: "build | check | list | show — contracts compiled from the Authlete spec",
    run: contractsCommand,
  },
  merge: { summary: "<report.json...> — combine the reports of --shard runs into one", run: mergeCommand },
  pact: {
    summary: "generate | check | verify | publish | can-i-deploy — Pact contracts and the Pact Broker",
    run: pactCommand,
  },
  generate: {
    summary: "<operationId> — print generated responses as JSON lines (replayable by seed)",
    run: generateCommand,
  },
};

export function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  return `conformance ${version()} — contract tests for SDKs and authorization servers built on the Authlete API

Usage: conformance <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([k, c]) => `  ${k.padEnd(width)}  ${c.summary}`)
  .join("\n")}

Options:
  -h, --help     help for the kit or a command (conformance <command> --help)
  --version      print the version
  --debug        print stack traces on errors

Exit codes: 0 conforms (or only baselined failures), 1 conformance failures, 2 usage,
configuration or start-up error.
`;
}

/** Runs one CLI invocation and returns its exit code. Never exits the process itself. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const debug = argv.includes("--debug");
  const [name, ...rest] = argv.filter((a) => a !== "--debug");
  try {
    if (!name || name === "--help" || name === "-h" || name === "help") {
      io.out(mainHelp());
      return name ? 0 : 2;
    }
    if (name === "--version" || name === "-v") return (io.out(version()), 0);
    const cmd = COMMANDS[name];
    if (!cmd) throw new UsageError(`unknown command "${name}" (run "conformance --help" for the list)`);
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.err(`conformance: ${e.message}`);
      if (debug) io.err(String(e.stack));
      return 2;
    }
    io.err(`conformance: internal error: ${(e as Error)?.message ?? String(e)}`);
    io.err(debug ? String((e as Error)?.stack) : "(run again with --debug for the stack trace, and please report it)");
    return 2;
  }
}
