import { UsageError } from "../../errors.ts";
import { DEFAULT_PROFILE } from "../../contracts/paths.ts";
import { loadProfile } from "../../contracts/store.ts";
import type { Contract } from "../../contracts/model.ts";
import type { Case, CaseVariant } from "../../generate/case.ts";
import { coverageCases, randomStream } from "../../generate/cases.ts";
import { operationSeed } from "../../generate/id.ts";
import { actionValues, variantsOf } from "../../generate/variants.ts";
import { INTEGER_LIMITS } from "../../run/options.ts";
import { intOption, parse, seedOption, str } from "../args.ts";
import type { Io } from "../io.ts";

export const GENERATE_HELP = `Usage: conformance generate <operationId> [options]

Print generated Authlete responses for one operation, one JSON case per line:
{"id", "operation", "variant", "action", "body"} where "body" is the exact wire text.
Coverage cases come first (every action, every optional property absent and present, nulls,
int64 and string edges), then random cases from the seeded stream.

Options:
  --action A       only cases with this action value
  --count N        number of cases (default: the coverage set plus 20)
  --seed S         integer seed (default: random, printed on stderr); same seed, same bytes
  --variant V      conforming (default) | unknown-field | unknown-action | null-not-allowed | all
                   (non-conforming variants are labelled and feed the tolerance checks only)
  --profile P      contracts profile (default ${DEFAULT_PROFILE})
`;

const VARIANTS = ["conforming", "unknown-field", "unknown-action", "null-not-allowed"];

/** Coverage cases first (conforming only), then the seeded random stream, lazily. */
function* casesOf(
  contract: Contract,
  variant: CaseVariant,
  o: { seed: number; count: number; action: string | undefined },
): Generator<Case> {
  const cov = variant === "conforming" ? coverageCases(contract, o.action).slice(0, o.count) : [];
  yield* cov;
  yield* randomStream(contract, {
    seed: o.seed,
    count: o.count - cov.length,
    ...(o.action ? { action: o.action } : {}),
    ...(variant !== "conforming" ? { variant } : {}),
  });
}

export async function generateCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    "generate",
    argv,
    {
      action: { type: "string" },
      count: { type: "string" },
      seed: { type: "string" },
      variant: { type: "string" },
      profile: { type: "string" },
    },
    1,
  );
  if (values.help) return (io.out(GENERATE_HELP), 0);
  const id = positionals[0];
  if (!id) throw new UsageError('generate: missing <operationId> (see "conformance contracts list")');
  const profile = loadProfile(str(values.profile) ?? DEFAULT_PROFILE);
  const contract = profile.byId.get(id);
  if (!contract) throw new UsageError(`generate: unknown operation "${id}" in profile ${profile.profile}`);
  const action = str(values.action);
  if (action !== undefined && !actionValues(contract).includes(action)) {
    const known = actionValues(contract);
    throw new UsageError(
      `generate: ${id} has no action "${action}"${known.length ? ` (one of ${known.join(", ")})` : " (it has no action at all)"}`,
    );
  }
  const variantArg = str(values.variant) ?? "conforming";
  if (variantArg !== "all" && !VARIANTS.includes(variantArg))
    throw new UsageError(`generate: --variant must be one of ${VARIANTS.join(", ")} or all, got "${variantArg}"`);
  const variants = (variantArg === "all" ? variantsOf(contract) : [variantArg]) as CaseVariant[];
  for (const v of variants)
    if (!variantsOf(contract).includes(v)) throw new UsageError(`generate: variant ${v} does not apply to ${id}`);
  const count = intOption(
    "generate",
    "count",
    values.count,
    coverageCases(contract, action).length + 20,
    ...INTEGER_LIMITS.count,
  );
  let runSeed = seedOption("generate", values.seed);
  if (runSeed === undefined) {
    runSeed = Math.floor(Math.random() * 2 ** 31);
    io.err(`seed: ${runSeed}`);
  }
  const seed = operationSeed(runSeed, id);
  // Cases are generated a batch at a time and written as fast as the reader takes them: memory
  // stays flat for any --count, and a reader that stops (`| head -1`) ends the command quietly.
  const write = io.write?.bind(io) ?? ((t: string) => (io.out(t), Promise.resolve(true)));
  for (const v of variants) {
    for (const c of casesOf(contract, v, { seed, count, action })) {
      if (
        !(await write(
          JSON.stringify({
            id: c.id,
            operation: c.operationId,
            variant: c.variant,
            action: c.action ?? null,
            body: c.body,
            ...(c.deviation ? { deviation: c.deviation } : {}),
          }),
        ))
      )
        return 0;
    }
  }
  return 0;
}
