// Which client is calling, and how (RFC 6749 §2.3.1): `Authorization: Basic` (client_secret_basic)
// or `client_id` + `client_secret` in the body (client_secret_post), never both (TE-05,
// TE-06).
import { invalidRequest } from "./oauth-error";
import type { Parameters } from "./parse-parameters";
import { formDecode, MAX_PARAMETER_LENGTH } from "./parse-parameters";

export type ClientAuthMethod = "client_secret_basic" | "client_secret_post";

export type PresentedClient =
  | { method: ClientAuthMethod; clientId: string; clientSecret: string }
  // No secret at all (a body client_id alone, or nothing): RFC 6749 §5.2 makes that invalid_client.
  | { method: "none"; clientId: string | null };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Decodes `Basic <base64(urlencode(id) ":" urlencode(secret))>`: base64, then split on the first
 * colon, then form-URL-decode each half (RFC 6749 §2.3.1 and Appendix B). The scheme name is
 * case-insensitive (RFC 7235 §2.1). Returns null for another scheme; throws for a malformed one.
 */
export function parseBasicAuthorization(header: string): { clientId: string; clientSecret: string } | null {
  const match = /^([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?: +(.*))?$/.exec(header.trim());
  if (!match) throw invalidRequest("The Authorization header is malformed.", "malformed_authorization");
  if (match[1]!.toLowerCase() !== "basic") return null;
  const encoded = (match[2] ?? "").trim();
  if (
    encoded === "" ||
    encoded.length % 4 !== 0 ||
    !BASE64.test(encoded) ||
    encoded.length > 4 * MAX_PARAMETER_LENGTH
  ) {
    throw invalidRequest("The Authorization header is malformed.", "malformed_authorization");
  }
  let decoded: string;
  try {
    decoded = utf8.decode(Buffer.from(encoded, "base64"));
  } catch {
    throw invalidRequest("The Authorization header is malformed.", "malformed_authorization");
  }
  const colon = decoded.indexOf(":");
  if (colon === -1) throw invalidRequest("The Authorization header is malformed.", "malformed_authorization");
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === null || clientSecret === null || clientId === "") {
    throw invalidRequest("The Authorization header is malformed.", "malformed_authorization");
  }
  return { clientId, clientSecret };
}

/** The client's claimed identity and secret, after the one-method-per-request rules. */
export function presentedClient(
  request: { authorization: string | null; authorizationCount?: number },
  params: Parameters,
): PresentedClient {
  if ((request.authorizationCount ?? 0) > 1) {
    throw invalidRequest("Send one Authorization header.", "malformed_authorization");
  }
  const bodyId = params.get("client_id");
  const bodySecret = params.get("client_secret");
  if (request.authorization !== null) {
    const basic = parseBasicAuthorization(request.authorization);
    if (!basic)
      throw invalidRequest("Use HTTP Basic or body parameters to authenticate.", "unsupported_authorization_scheme");
    if (bodySecret !== undefined) {
      throw invalidRequest("Use one client authentication method per request.", "multiple_auth_methods");
    }
    // node-oidc-provider's rule: an identical body client_id beside Basic is harmless.
    if (bodyId !== undefined && bodyId !== basic.clientId) {
      throw invalidRequest("The client_id does not match the Authorization header.", "client_id_mismatch");
    }
    return { method: "client_secret_basic", ...basic };
  }
  if (bodyId !== undefined && bodySecret !== undefined) {
    return { method: "client_secret_post", clientId: bodyId, clientSecret: bodySecret };
  }
  return { method: "none", clientId: bodyId ?? null };
}
