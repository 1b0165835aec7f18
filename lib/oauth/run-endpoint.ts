// The frame around every OAuth endpoint: method check, error → RFC 6749 §5.2 answer, 503 with
// Retry-After when storage is down (fail closed, TE-16, RV-03), a generic 500 for bugs, and one
// log line per request with client id, org, IP, outcome and reason code (TE-17). Never the
// secret, the token or the query string.
import { isAppError } from "../errors";
import type { RequestParts, ResponseParts } from "../http/request-parts";
import type { OAuthContext } from "./oauth-context";
import type { OAuthReason } from "./oauth-error";
import { jsonResponse, oauthErrorResponse } from "./oauth-response";

export type LogFields = {
  endpoint: string;
  request_id: string;
  ip: string;
  client_id?: string;
  org_id?: string;
  auth_method?: string;
  previous_secret?: boolean;
  outcome?: string;
  reason?: OAuthReason | "internal_error";
  jti?: string;
  status?: number;
};

export function methodNotAllowed(allow: string): ResponseParts {
  return jsonResponse(405, { error: "invalid_request", error_description: "Method not allowed." }, { Allow: allow });
}

export async function runEndpoint(
  name: string,
  request: RequestParts,
  ctx: OAuthContext,
  work: (fields: LogFields) => Promise<ResponseParts>,
): Promise<ResponseParts> {
  const fields: LogFields = { endpoint: name, request_id: request.requestId, ip: request.clientIp };
  let response: ResponseParts;
  if (request.method !== "POST") {
    fields.reason = "method_not_allowed";
    response = methodNotAllowed("POST");
  } else {
    try {
      response = await work(fields);
    } catch (error) {
      response = failure(error, fields, ctx);
    }
  }
  fields.status = response.status;
  fields.outcome ??= response.status < 400 ? "success" : "failure";
  ctx.metrics.oauthRequests.inc({ endpoint: name, outcome: fields.outcome, reason: fields.reason ?? "none" });
  // A 503 is an outage the OutageLog reports once; only other server errors are errors per request.
  if (response.status >= 500 && response.status !== 503) ctx.log.error(fields, "oauth request");
  else ctx.log.info(fields, "oauth request");
  return response;
}

function failure(error: unknown, fields: LogFields, ctx: OAuthContext): ResponseParts {
  if (isAppError(error) && error.code === "temporarily_unavailable") {
    fields.reason = "storage_unavailable";
    ctx.outages.failed(error);
    return oauthErrorResponse(error);
  }
  if (isAppError(error)) {
    fields.reason = error.detail as OAuthReason | undefined;
    return oauthErrorResponse(error);
  }
  fields.reason = "internal_error";
  ctx.log.error({ err: error, endpoint: fields.endpoint }, "oauth endpoint failed");
  return jsonResponse(500, { error: "server_error", error_description: "An internal error occurred." });
}
