// A minimal in-process adapter module with a default export (no createAdapter), for loader tests.
export default {
  start: () => ({
    ok: true,
    name: "module-adapter",
    version: "0.0.0",
    language: "javascript",
    sdk: { name: "none", version: "0" },
    traits: { nulls: "keep", keys: "camelCase" },
  }),
  call: async (msg) => ({ result: { decoded: { operationId: msg.operationId } } }),
};
