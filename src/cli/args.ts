import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "../errors.ts";
import { isRunSeed, SEED_LIMIT } from "../generate/id.ts";

export type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command accepts. */
export const COMMON: Options = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
};

/** util.parseArgs with errors rewritten as one clear UsageError line naming the command. */
export function parse(command: string, argv: string[], options: Options, maxPositionals = Infinity) {
  try {
    const r = parseArgs({ args: argv, options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
    if (r.positionals.length > maxPositionals)
      throw new UsageError(`${command}: unexpected argument "${r.positionals[maxPositionals]}"`);
    // An empty value (--seed "", --report-dir "", --operations ",,,") is a mistake, never "the default".
    for (const [name, v] of Object.entries(r.values)) {
      for (const x of Array.isArray(v) ? v : [v])
        if (typeof x === "string" && /^[\s,]*$/.test(x))
          throw new UsageError(`${command}: --${name} needs a value, got ${JSON.stringify(x)}`);
    }
    return r as { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const msg = (e as Error).message
      .replace(/\. To specify a positional argument.*$/s, "")
      .replace(/^Unknown option/, "unknown option");
    throw new UsageError(`${command}: ${msg}`);
  }
}

/**
 * An integer option written as plain digits (no exponent, sign only for negatives, no spaces),
 * from `min` to `max`, or the default when not given.
 */
export function intOption(
  command: string,
  name: string,
  value: unknown,
  fallback: number,
  min = 1,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && /^-?\d{1,16}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${command}: --${name} must be an integer from ${min} to ${max}, got "${String(value)}"`);
  return n;
}

/** A --seed option: an integer with |S| ≤ 2^31, or undefined when not given. */
export function seedOption(command: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!isRunSeed(n))
    throw new UsageError(
      `${command}: --seed must be an integer from -${SEED_LIMIT} to ${SEED_LIMIT}, got "${String(value)}"`,
    );
  return n;
}

export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const list = (v: unknown): string[] | undefined =>
  typeof v === "string"
    ? v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
