/**
 * The library API of the conformance kit: the only public door. Everything here is stable API
 * (@public, since 0.1.0); anything not exported is internal.
 *
 * @packageDocumentation
 */

/** Contracts compiled from the Authlete spec and facts. @public @remarks Since 0.1.0 */
export { loadProfile, selectOperations, type LoadedProfile } from "./contracts/store.ts";
export type { ActionRule, Contract, HeaderRule, Schema } from "./contracts/model.ts";

/** Generated cases: coverage first, then fast-check's seeded stream; replayable by id. @public @remarks Since 0.1.0 */
export { coverageCases, generateCases, randomCases, caseFromRef } from "./generate/cases.ts";
export { generatedFallback } from "./generate/fallback.ts";
export { parseCaseId, formatCaseId, operationSeed } from "./generate/id.ts";
export type { Case, CaseVariant } from "./generate/case.ts";

/** Validation of lossless JSON against contract schemas (OpenAPI nullable, exact int64). @public @remarks Since 0.1.0 */
export { validateText, validatorFor, type SchemaIssue } from "./schema/validate.ts";
export { parseLossless, stringifyLossless, type JsonValue } from "./json/lossless.ts";

/** The mock Authlete API. @public @remarks Since 0.1.0 */
export { startMock, type Answer, type Fault, type MockOptions, type MockServer } from "./mock/server.ts";

/** One run as `conformance run` does it: config, target, baseline, reports. @public @remarks Since 0.2.0 */
export { run, resolveOptions, type ConformanceOptions, type ConformanceResult } from "./run/api.ts";
export type { CheckLevel, Config, ReportFormat } from "./config/load.ts";

/** Reports: baselines, merging shards, rendering. @public @remarks Since 0.2.0 */
export { applyBaseline, baselineFrom, loadBaseline, type Baseline, type BaselineEntry } from "./report/baseline.ts";
export { mergeReports } from "./report/merge.ts";
export { writeReports } from "./report/write.ts";
export { renderJunit } from "./report/junit.ts";
export { renderMarkdown } from "./report/markdown.ts";
export { renderHtml } from "./report/html.ts";

/** Pact: consumer pacts from an SDK, schema cross-check, verification, the broker. @public @remarks Since 0.2.0 */
export { generatePact, type PactGenerateOptions, type PactGenerateResult } from "./pact/generate.ts";
export { checkPact, type PactCheckResult, type PactProblem } from "./pact/check.ts";
export { verifyPact, type PactVerifyOptions, type PactVerifyResult } from "./pact/verify.ts";
export { publishPacts, canIDeploy, BrokerError, type BrokerAuth } from "./pact/broker.ts";

/** SDK runs: the engine behind `conformance run --sdk`. @public @remarks Since 0.1.0 */
export { runSdkTarget } from "./run/sdk-target.ts";
export { replaySdkCase } from "./run/replay.ts";
export { RUN_DEFAULTS, type RunOptions, type RunEvent } from "./run/options.ts";
export type { Report, ReportFailure, OperationReport, BaselineSummary } from "./report/model.ts";

/** Writing adapters in TypeScript. @public @remarks Since 0.1.0 */
export type { InProcessAdapter } from "./targets/inprocess-adapter.ts";
export type { CallMessage, CallResponse, StartResponse } from "./targets/protocol.ts";
