import { explainedByDifference, requestDifferences } from "../_shared/request-diff.ts";
import { guarded, supported, type Check } from "../registry.ts";

/** A mock's problem with its values and ids stripped: one mistake of the SDK is one cause whatever the operation. */
const problemKind = (p: string): string =>
  p
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, "<n>")
    .replace(/\b\w+_api\b/g, "<operation>");

/**
 * sdk.request-conforms: the SDK called the right operation (method, path, serviceId, Bearer, media
 * type, a body and parameters the spec accepts). A body or parameter problem that comes from the
 * SDK changing what its caller asked (the kit asks only valid requests) is left to
 * sdk.request-fidelity, so one defect has one cause.
 */
export const requestConforms: Check = {
  name: "sdk.request-conforms",
  severity: "fail",
  run: guarded(
    [supported, (o) => (o.outcome.kind === "adapter-failure" ? "the adapter failed before a verdict" : undefined)],
    (o) => {
      const c = o.contract;
      if (!o.requests.length)
        return {
          status: "fail",
          defect: "no request reached the mock",
          message: `Received: no request\nDocumented: ${c.method} ${c.path}`,
        };
      const differences = requestDifferences(o) ?? [];
      for (const r of o.requests) {
        if (r.operationId !== c.operationId)
          return {
            status: "fail",
            defect: "another operation called",
            message: `Received: ${r.method} ${r.path}${r.operationId ? ` (${r.operationId})` : ""}\nDocumented: ${c.method} ${c.path}`,
          };
        if (!r.path.includes(`/${o.credentials.serviceId}/`) && c.path.includes("{serviceId}"))
          return {
            status: "fail",
            defect: "serviceId not in the path",
            message: `Received: ${r.path}\nDocumented: the serviceId ${o.credentials.serviceId} in the path`,
          };
        const problems = r.problems.filter((p) => !explainedByDifference(p, differences));
        if (problems.length)
          return {
            status: "fail",
            defect: problemKind(problems[0]!),
            message: `Received: ${r.method} ${r.path}: ${problems[0]}\nDocumented: ${c.method} ${c.path}${c.bearer ? " with the Bearer service access token" : ""}${c.request ? ` and a ${c.request.contentTypes.join(" or ")} body valid against the request schema` : ""}`,
          };
      }
      return { status: "pass" };
    },
  ),
};
