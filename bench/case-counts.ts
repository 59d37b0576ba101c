/**
 * What a default SDK run serves, by category: coverage and random conforming bodies, each variant,
 * and the fault catalogue by family with each kind's count (docs/checks.md, "The fault catalogue").
 * Counted from the plan (the same cases the run serves, before controls, splits and isolation).
 */
import { loadProfile } from "../src/contracts/store.ts";
import { faultFamily } from "../src/model/faults.ts";
import { planOperation, type PlanOptions } from "../src/run/plan.ts";
import { fmt, type Row } from "./measure.ts";

export function caseCategories(
  profile: string,
  opts: PlanOptions,
): { categories: Map<string, number>; faults: Map<string, Map<string, number>> } {
  const categories = new Map<string, number>();
  const faults = new Map<string, Map<string, number>>();
  const add = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const contract of loadProfile(profile).contracts)
    for (const p of planOperation(contract, opts)) {
      if (p.fault) {
        const family = `fault: ${faultFamily(p.fault)}`;
        add(categories, family);
        add(faults.get(family) ?? faults.set(family, new Map()).get(family)!, p.fault);
      } else if (p.role) add(categories, "coverage (minimal and grouped bodies)");
      else add(categories, p.case.variant === "conforming" ? "random conforming" : `variant: ${p.case.variant}`);
    }
  return { categories, faults };
}

/** One row per category; a fault family's row lists its kinds with their counts. */
export function caseRows(profile: string, opts: PlanOptions): Row[] {
  const { categories, faults } = caseCategories(profile, opts);
  const total = [...categories.values()].reduce((a, b) => a + b, 0);
  return [
    ...[...categories]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, n]) => {
        const kinds = faults.get(category);
        const detail = kinds
          ? ` (${[...kinds]
              .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
              .map(([k, c]) => `${k} ${c}`)
              .join(", ")})`
          : "";
        return { section: "sdk cases", metric: `${category}${detail}`, kit: fmt(n), peer: "", ratio: "" };
      }),
    {
      section: "sdk cases",
      metric: "planned cases, default profile (controls and splits come on top)",
      kit: fmt(total),
      peer: "",
      ratio: "",
    },
  ];
}
