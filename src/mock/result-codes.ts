/**
 * Authlete-style `{resultCode, resultMessage}` bodies the mock answers with when it refuses a call
 * or injects an error. Codes marked "spec" are the examples of the Authlete OpenAPI spec's shared
 * error responses; the others are the mock's own look-alikes (listed in docs/mock.md), chosen so a
 * log line shows at a glance that the mock, not a real Authlete, answered.
 */
export const MOCK_RESULT_CODES = {
  /** 401, Authorization header missing (spec example). */
  missingCredential: "A001202",
  /** 401, a Bearer token that is not the configured service access token (mock's own). */
  wrongCredential: "A001203",
  /** 400, strict mode refused a malformed request (spec's 400 example code). */
  badRequest: "A001201",
  /** 403 (spec example). */
  forbidden: "A001215",
  /** 404, no operation at this method and path (mock's own). */
  notFound: "A001404",
  /** 413, request body over the limit (mock's own). */
  tooLarge: "A001413",
  /** 500, Authlete server error (spec example); also the mock's own internal failures. */
  serverError: "A001101",
} as const;

/** Statuses the Authlete API answers errors with (the spec's shared error responses). */
export const AUTHLETE_ERROR_STATUSES = [400, 401, 403, 404, 500] as const;

/** The resultCode a `status` fault uses when the script gives none. */
export function defaultResultCode(status: number): string {
  switch (status) {
    case 400:
      return MOCK_RESULT_CODES.badRequest;
    case 401:
      return MOCK_RESULT_CODES.missingCredential;
    case 403:
      return MOCK_RESULT_CODES.forbidden;
    case 404:
      return MOCK_RESULT_CODES.notFound;
    default:
      return MOCK_RESULT_CODES.serverError;
  }
}

/**
 * A result body as Authlete writes it: the message starts with the code in brackets and names the
 * API (`[A001202] /auth/token, Authorization header is missing.`).
 */
export function resultBody(code: string, message: string, api?: string): string {
  return JSON.stringify({ resultCode: code, resultMessage: `[${code}] ${api ? `${api}, ` : ""}${message}` });
}

/** The API name Authlete puts in messages: the path after `/api/{serviceId}` (`/auth/token`). */
export function apiName(template: string): string {
  return template.replace(/^\/api(\/\{serviceId\})?/, "") || template;
}
