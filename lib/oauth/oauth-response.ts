// What every lib/oauth endpoint returns: a plain `{status, headers, body}` that the Next route
// handlers turn into a Web `Response` and server.ts's fast path writes straight to the socket.
import { OAuthError } from "./oauth-error";

export type OAuthResponse = {
  status: number;
  headers: Record<string, string>;
  body: string;
};

// RFC 6749 §5.1: responses carrying tokens or credentials must not be cached; every token,
// revocation and introspection answer gets these (SECURITY TE-10, IN-01).
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  Pragma: "no-cache",
});

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): OAuthResponse {
  return { status, headers: { ...NO_STORE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

const STATUS: Record<OAuthError["code"], number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unsupported_token_type: 400,
  rate_limited: 429,
  temporarily_unavailable: 503,
  method_not_allowed: 405,
};

export function errorResponse(error: OAuthError): OAuthResponse {
  return jsonResponse(STATUS[error.code], { error: error.code, error_description: error.description }, error.headers);
}
