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
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { PACT_DO_NOT_TRACK: "true" },
  },
});
