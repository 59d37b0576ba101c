import fc from "fast-check";

/** A documented action value; a fixed one when the caller asks for a single action. */
export function actionEnum(values: readonly string[], fixed?: string): fc.Arbitrary<string> {
  if (fixed !== undefined) {
    if (!values.includes(fixed)) throw new RangeError(`actionEnum: "${fixed}" is not one of ${values.join(", ")}`);
    return fc.constant(fixed);
  }
  if (!values.length) throw new RangeError("actionEnum: no values");
  return fc.constantFrom(...values);
}

/**
 * An action value no contract lists, shaped like a real one (upper snake case) so an SDK cannot
 * tell it from a future documented value.
 */
export function unknownAction(known: readonly string[]): fc.Arbitrary<string> {
  return fc
    .stringMatching(/^[A-Z]{3,10}(_[A-Z]{2,8})?$/)
    .map((s) => `FUTURE_${s}`)
    .filter((s) => !known.includes(s));
}
