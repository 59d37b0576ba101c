// Entry of `conformance/vitest` (see lib/index.js for why it registers tsx first).
import { register } from "tsx/esm/api";

register();
const entry = await import("../src/vitest/index.ts");

export const { conformanceSuite, judge, ConformanceFailure } = entry;
