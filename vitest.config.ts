import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "src/**/*.test.ts",
      "scripts/**/*.test.ts",
      "adapters/**/*.test.ts",
      "properties/**/*.test.ts",
      "fixtures/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    globalSetup: ["scripts/build.global-setup.ts"],
    // Most test time is spent waiting on targets (child processes, worker threads, servers), so two
    // files at once on a two-core CI machine (vitest's default there is one).
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { PACT_DO_NOT_TRACK: "true" },
  },
});
