/**
 * Errors the CLI turns into exit code 2 with one clear line (no stack trace unless --debug):
 * bad usage, bad configuration, unreadable input files, a target that will not start.
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A problem with an input file (spec, facts, contract, config), naming the file. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}
