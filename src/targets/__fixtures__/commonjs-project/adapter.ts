// A TypeScript adapter in a CommonJS project (as `npm init -y` makes one): tsx compiles it to CommonJS.
const typed: number = 1;

export default {
  start: () => ({
    ok: true,
    name: "commonjs-adapter",
    version: String(typed),
    language: "typescript",
    sdk: { name: "none", version: "0" },
    traits: { nulls: "keep", keys: "camelCase" },
  }),
  call: async () => ({ result: { decoded: { module: typeof module } } }),
};
