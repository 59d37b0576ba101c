// Entry of `import ... from "conformance"` under plain Node: the kit ships TypeScript sources, so
// tsx's loader is registered before they load (a static import would be parsed before it runs).
import { register } from "tsx/esm/api";

register();
const kit = await import("../src/index.ts");

// Keep in step with src/index.ts (lib/entries.test.ts checks).
export const {
  loadProfile, selectOperations,
  coverageCases, generateCases, randomCases, caseFromRef, generatedFallback, parseCaseId, formatCaseId, operationSeed,
  validateText, validatorFor, parseLossless, stringifyLossless,
  startMock,
  run, resolveOptions, runSdkTarget, replaySdkCase, RUN_DEFAULTS,
  generatePact, checkPact, verifyPact, publishPacts, canIDeploy, BrokerError,
  applyBaseline, baselineFrom, loadBaseline, mergeReports, writeReports, renderJunit, renderMarkdown, renderHtml,
} = kit;
