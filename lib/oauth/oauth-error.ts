// RFC 6749 §5.2 errors of the OAuth endpoints, as AppErrors: the public text of each is fixed
// where it is thrown and never echoes request input (TE-11); the reason code is the error's private
// detail, for the log line only, so `invalid_client` reads the same whatever the cause (TE-07).
import { AppError, type ErrorCode } from "../errors";

export type OAuthErrorCode = Extract<
  ErrorCode,
  | "invalid_request"
  | "invalid_client"
  | "invalid_grant"
  | "unauthorized_client"
  | "unsupported_grant_type"
  | "invalid_scope"
  | "unsupported_token_type"
  | "rate_limited"
  | "temporarily_unavailable"
  | "method_not_allowed"
>;

/** Reason codes for logs and the audit trail; never sent to the client. */
export type OAuthReason =
  | "method_not_allowed"
  | "query_parameters"
  | "body_too_large"
  | "unsupported_content_type"
  | "malformed_body"
  | "non_string_value"
  | "duplicate_parameter"
  | "parameter_too_long"
  | "malformed_authorization"
  | "unsupported_authorization_scheme"
  | "multiple_auth_methods"
  | "client_id_mismatch"
  | "no_client_auth"
  | "missing_grant_type"
  | "unsupported_grant_type"
  | "malformed_scope"
  | "scope_not_granted"
  | "malformed_client_id"
  | "malformed_secret"
  | "unknown_client"
  | "wrong_secret"
  | "key_revoked"
  | "key_expired"
  | "secret_rotated_out"
  | "auth_throttled"
  | "plan_limit"
  | "storage_unavailable"
  | "missing_token"
  | "foreign_token";

/** An RFC 6749 §5.2 error: the public code and fixed text, the reason code for the log only. */
export function oauthError(
  code: OAuthErrorCode,
  description: string,
  reason: OAuthReason,
  headers: Record<string, string> = {},
): AppError {
  return new AppError(code, description, { detail: reason, headers });
}

/** The one public text for failed client authentication, whatever the reason. */
export const INVALID_CLIENT_DESCRIPTION = "Client authentication failed.";

export const invalidRequest = (description: string, reason: OAuthReason) =>
  oauthError("invalid_request", description, reason);
