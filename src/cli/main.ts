import { runCli } from "./cli.ts";
import { processIo } from "./io.ts";

// Whatever ends the process before the command has finished (code the kit runs calling
// process.exit, an uncaught error), it never ends with 0: a CI gate must not turn green on a run
// that never wrote its verdict.
let finished = false;
process.on("exit", (code) => {
  if (finished || code !== 0) return;
  process.stderr.write("conformance: the process ended before the command finished; no verdict was written\n");
  process.exitCode = 2;
});

// The only place the kit exits the process: after stdout has drained.
const code = await runCli(process.argv.slice(2), processIo);
finished = true;
process.exitCode = code;
