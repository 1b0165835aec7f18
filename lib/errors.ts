// The one error type for expected failures (LG-04). Each carries a public code with one fixed
// HTTP status, a public message that is safe to show (it never echoes input, TE-11), and a private
// `detail`: a reason code or text for the log line only, never sent (as node-oidc-provider's
// `error_detail`), so `invalid_client` reads the same whatever its cause (TE-07). Each transport
// renders it its own way, in one adapter each: RFC 6749 §5.2 bodies (lib/oauth/oauth-response.ts),
// RFC 6750 challenges (lib/api/bearer-challenge.ts), the JSON envelope of /v1 and the dashboard's
// JSON routes (lib/http/error-envelope.ts), and server action results (lib/auth/action.ts).
//
// 400 or 422: a request the server cannot accept as sent — malformed, failing its schema, or naming
// a value the rules refuse (a past expiry date) — is 400 `invalid_request`, with details per field.
// 422 is kept for a well-formed request that contradicts an earlier one it claims to repeat
// (`idempotency_key_reused`). A request that is fine but meets the current state (already revoked,
// the last owner) is 409 `conflict`.
export const ERROR_STATUS = {
  invalid_request: 400,
  // RFC 6749 §5.2
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unsupported_token_type: 400,
  // RFC 6750 §3.1
  invalid_token: 401,
  insufficient_scope: 403,
  unauthenticated: 401,
  forbidden: 403,
  // Sudo mode (SS-03): allowed, but only after presenting a credential again.
  reauthentication_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  server_error: 500,
  temporarily_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Seconds a client should wait after a 503 before retrying. */
export const RETRY_AFTER_UNAVAILABLE_SECONDS = 5;

// A brand instead of `instanceof`: Next bundles server code more than once, so an error thrown by
// one bundle's copy of this class must still be recognised by another's.
const BRAND = Symbol.for("workflux.AppError");

export type AppErrorOptions = {
  /** Private: logged, never sent. */
  detail?: string;
  /** Per field (dotted path; `_` for the whole input): what is wrong with it. Public. */
  fieldErrors?: Record<string, string[]>;
  /** Response headers the answer needs: WWW-Authenticate, Retry-After, RateLimit-*. */
  headers?: Record<string, string>;
  /**
   * Private: the id asked for belongs to another organization. The answer is the same not_found
   * as for a missing id; the caller's organization's audit log records the attempt (LG-01).
   */
  foreignTarget?: { type: string; id: string };
  cause?: unknown;
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  readonly fieldErrors: Record<string, string[]> | undefined;
  readonly headers: Record<string, string>;
  readonly foreignTarget: { type: string; id: string } | undefined;
  readonly [BRAND] = true;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.detail = options.detail;
    this.fieldErrors = options.fieldErrors;
    this.headers = options.headers ?? {};
    this.foreignTarget = options.foreignTarget;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const isAppError = (error: unknown): error is AppError =>
  typeof error === "object" && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;

/**
 * A dependency (database, signing keys) could not answer: 503 with Retry-After, never a guess
 * (TE-16, RV-03, RL-04). `detail` names what was unavailable, for the log.
 */
export function unavailable(detail: string, cause?: unknown): AppError {
  return new AppError("temporarily_unavailable", "The service is temporarily unavailable; retry later.", {
    detail,
    cause,
    headers: { "Retry-After": String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
  });
}

export const isUnavailable = (error: unknown): error is AppError =>
  isAppError(error) && error.code === "temporarily_unavailable";
