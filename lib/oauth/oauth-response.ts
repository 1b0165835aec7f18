// The OAuth endpoints' answers: JSON with the no-store headers every token, revocation and
// introspection answer carries (RFC 6749 §5.1; TE-10, IN-01), and the one adapter from an AppError
// to an RFC 6749 §5.2 body: `{"error", "error_description"}` with the error's fixed public text.
import type { AppError } from "../errors";
import type { ResponseParts } from "../http/request-parts";

export const NO_STORE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Content-Type": "application/json",
  "Cache-Control": "no-store",
  Pragma: "no-cache",
});

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): ResponseParts {
  return { status, headers: { ...NO_STORE_HEADERS, ...headers }, body: JSON.stringify(body) };
}

export function oauthErrorResponse(error: AppError): ResponseParts {
  return jsonResponse(error.status, { error: error.code, error_description: error.message }, error.headers);
}
