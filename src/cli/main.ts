import { runCli } from "./cli.ts";
import { processIo } from "./io.ts";

// The only place the kit exits the process: after stdout has drained.
const code = await runCli(process.argv.slice(2), processIo);
process.exitCode = code;
