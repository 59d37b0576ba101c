// Lint with type information (typescript-eslint's type-checked rules): the kit's own code, its tests
// and fixtures. Formatting is Prettier's (npm run format), so no stylistic rules here.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/",
      "reports/",
      "node_modules/",
      "coverage/",
      "**/__fixtures__/commonjs-project/",
      "fixtures/sdk/java*/",
      "adapters/java/",
      "**/*.py",
      "**/*.rb",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_name` marks a value taken apart on purpose (`const { secret: _drop, ...rest } = x`).
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      // Messages quote whatever value they were given (an option, a config key, a target's output).
      "@typescript-eslint/no-base-to-string": "off",
      "@typescript-eslint/restrict-template-expressions": "off",
      // Terminal colour codes and XML-forbidden characters are matched on purpose.
      "no-control-regex": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
    },
  },
  // Tests read reports and answers as parsed JSON: typed at the assertion, not at every access.
  {
    files: ["**/*.test.ts", "**/*.test-helper.ts", "bench/**", "scripts/**"],
    rules: {
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/unbound-method": "off",
      // Predicates and adapters are async by contract even when a test's stand-in needs no await.
      "@typescript-eslint/require-await": "off",
    },
  },
  // The spec and the facts are untyped YAML/JSON walked by shape (contracts/build.ts checks what it reads).
  {
    files: ["src/contracts/build.ts", "src/contracts/spec.ts", "src/contracts/facts.ts", "src/contracts/bundle.ts"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      "@typescript-eslint/no-unsafe-call": "off",
    },
  },
  // Plain JavaScript (fixtures, bin): no type information.
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      parserOptions: { projectService: false, project: false },
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        fetch: "readonly",
        AbortSignal: "readonly",
        setTimeout: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
        setImmediate: "readonly",
        clearTimeout: "readonly",
        require: "readonly",
        __dirname: "readonly",
        module: "writable",
        globalThis: "readonly",
      },
    },
  },
);
