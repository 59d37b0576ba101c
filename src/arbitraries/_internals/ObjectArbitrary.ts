import fc from "fast-check";
import type { JsonValue } from "../../json/lossless.ts";

type Obj = { [k: string]: JsonValue };
/** Shrink context: the generated Value of each property, or undefined where it is absent. */
type Slots = Array<fc.Value<JsonValue> | undefined>;

/**
 * Objects with optional properties, each present 5 times in 6 (as fc.record does), keys in model
 * order. A class rather than a composition because models with hundreds of optional keys made
 * fc.record/fc.option wrappers the main generation cost. Shrinks by dropping optional keys one at
 * a time, then by shrinking each remaining value; values pasted from a report shrink too.
 */
export class ObjectArbitrary extends fc.Arbitrary<Obj> {
  constructor(
    private readonly keys: readonly string[],
    private readonly arbs: ReadonlyArray<fc.Arbitrary<JsonValue>>,
    private readonly required: ReadonlySet<string>,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<Obj> {
    const slots: Slots = new Array<Slots[number]>(this.keys.length);
    for (let i = 0; i < this.keys.length; i++) {
      if (this.required.has(this.keys[i]!) || mrng.nextInt(1, 6) !== 1)
        slots[i] = this.arbs[i]!.generate(mrng, biasFactor);
    }
    return this.toValue(slots);
  }

  canShrinkWithoutContext(value: unknown): value is Obj {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const v = value as Obj;
    for (const k of Object.keys(v)) if (!this.keys.includes(k)) return false;
    for (const r of this.required) if (!(r in v)) return false;
    return this.keys.every((k, i) => !(k in v) || this.arbs[i]!.canShrinkWithoutContext(v[k]));
  }

  shrink(value: Obj, context: unknown): fc.Stream<fc.Value<Obj>> {
    const slots: Slots =
      (context as Slots | undefined) ??
      this.keys.map((k) => (k in value ? new fc.Value(value[k] as JsonValue, undefined) : undefined));
    return fc.stream(this.shrinkSlots(slots));
  }

  private *shrinkSlots(slots: Slots): IterableIterator<fc.Value<Obj>> {
    // First drop whole optional properties: the biggest step towards a minimal body.
    for (let i = 0; i < slots.length; i++) {
      if (slots[i] === undefined || this.required.has(this.keys[i]!)) continue;
      const next = slots.slice();
      next[i] = undefined;
      yield this.toValue(next);
    }
    // Then shrink the values that remain, one property at a time.
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (slot === undefined) continue;
      for (const smaller of this.arbs[i]!.shrink(slot.value_, slot.context)) {
        const next = slots.slice();
        next[i] = smaller;
        yield this.toValue(next);
      }
    }
  }

  private toValue(slots: Slots): fc.Value<Obj> {
    const out: Obj = {};
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i];
      if (s !== undefined) out[this.keys[i]!] = s.value_;
    }
    return new fc.Value(out, slots);
  }
}
