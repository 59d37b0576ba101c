#!/usr/bin/env node
// The kit ships TypeScript sources; tsx compiles them on the fly (no build step to forget).
import { register } from "tsx/esm/api";

process.env.PACT_DO_NOT_TRACK ??= "true";
register();
await import("../src/cli/main.ts");
