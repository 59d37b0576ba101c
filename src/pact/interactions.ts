import type { Contract } from "../contracts/model.ts";
import { actionValues } from "../generate/variants.ts";
import { objectDepth, templateBody, type TemplateStyle } from "../generate/coverage.ts";
import type { JsonValue } from "../json/lossless.ts";
import { bodyText } from "../generate/cases.ts";
import type { Answer } from "../mock/answer.ts";
import { walkSchema } from "../generate/walk.ts";

/**
 * The interactions of a consumer pact, as data: one per operation × documented action (Pact has
 * no enum or optional matchers, so coverage comes from interactions), plus the optional-field
 * variants that matter: every optional field absent, and every nullable field null.
 */
export interface PlannedInteraction {
  operationId: string;
  /** Provider state: what the provider (Authlete, or the kit's mock) must be set up to return. */
  state: string;
  description: string;
  kind: "action" | "absent" | "nulls" | "success";
  action?: string;
  /** The response body: a coverage template (valid against the contract schema). */
  body: JsonValue;
}

const FULL = { text: "plain", int64: "plain", emptyArraysFrom: Infinity, nulls: false } as const;

/** The provider state of an action interaction; `pact verify` parses these back. */
export const actionState = (operationId: string, action: string) => `${operationId} returns action ${action}`;
export const STATE_PATTERN =
  /^(\w+) returns (?:action (\S+)|(a success response|optional fields absent|nullable fields null))$/;

export function planInteractions(contract: Contract): PlannedInteraction[] {
  if (!contract.response.schema || contract.response.contentType !== "application/json") return [];
  const depth = objectDepth(contract) + 1;
  const full = (style: Partial<TemplateStyle>) => templateBody(contract, { ...FULL, depth, salt: 0, ...style });
  const op = contract.operationId;
  const out: PlannedInteraction[] = [];
  const actions = actionValues(contract);
  actions.forEach((action, k) =>
    out.push({
      operationId: op,
      state: actionState(op, action),
      description: `${op} with action ${action}`,
      kind: "action",
      action,
      body: full({ action, salt: k }),
    }),
  );
  if (!actions.length)
    out.push({
      operationId: op,
      state: `${op} returns a success response`,
      description: `${op} succeeds`,
      kind: "success",
      body: full({}),
    });
  const nodes = walkSchema(contract.response.schema);
  // Absent optional fields matter when there are any beyond what the full body already fixes.
  const minimal = templateBody(contract, { ...FULL, depth: 0, salt: 0, ...(actions[0] ? { action: actions[0] } : {}) });
  if (JSON.stringify(minimal) !== JSON.stringify(out[0]!.body))
    out.push({
      operationId: op,
      state: `${op} returns optional fields absent`,
      description: `${op} with optional fields absent`,
      kind: "absent",
      ...(actions[0] ? { action: actions[0] } : {}),
      body: minimal,
    });
  if (nodes.some((n) => n.nullable))
    out.push({
      operationId: op,
      state: `${op} returns nullable fields null`,
      description: `${op} with nullable fields null`,
      kind: "nulls",
      ...(actions[0] ? { action: actions[0] } : {}),
      body: full({ nulls: true, ...(actions[0] ? { action: actions[0] } : {}) }),
    });
  return out;
}

/**
 * The kit's mock as a Pact provider: each provider state of the kit's pacts names an operation and
 * a body, and the mock answers exactly what the consumer recorded. Unknown states give undefined.
 */
export function providerStates(
  contracts: Contract[],
): (state: string) => { operationId: string; answer: Answer } | undefined {
  const byId = new Map(contracts.map((c) => [c.operationId, c]));
  return (state) => {
    const contract = byId.get(STATE_PATTERN.exec(state)?.[1] ?? "");
    const planned = contract && planInteractions(contract).find((p) => p.state === state);
    if (!contract || !planned) return undefined;
    return {
      operationId: contract.operationId,
      answer: {
        status: contract.response.status,
        body: bodyText(contract, planned.body),
        contentType: contract.response.contentType,
      },
    };
  };
}
