// The guard's RFC 6750 §3 answers: a refused access token gets its error in the WWW-Authenticate
// challenge and in a small JSON body. No credentials at all: the challenge names only the realm.
import type { AppError } from "../errors";
import type { ResponseParts } from "../http/request-parts";
import { jsonResponse } from "../oauth/oauth-response";

export const REALM = "workflux";

const challenge = (params: Record<string, string>) =>
  [`Bearer realm="${REALM}"`, ...Object.entries(params).map(([k, v]) => `${k}="${v}"`)].join(", ");

/** `unauthenticated` (no token), `invalid_request`, `invalid_token` or `insufficient_scope`. */
export function bearerErrorResponse(error: AppError, extra: Record<string, string> = {}): ResponseParts {
  if (error.code === "unauthenticated") {
    return jsonResponse(
      401,
      { error: "unauthorized", error_description: error.message },
      { "WWW-Authenticate": challenge({}) },
    );
  }
  const params = { error: error.code, error_description: error.message, ...extra };
  return jsonResponse(error.status, params, { "WWW-Authenticate": challenge(params) });
}
