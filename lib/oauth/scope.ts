// RFC 6749 §3.3 scopes: space-delimited, case-sensitive tokens of `%x21 / %x23-5B / %x5D-7E`.
import { SCOPE_NAMES } from "../credentials/scopes";
import { oauthError } from "./oauth-error";

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** The scopes a client may hold, as the public guide names them. */
export const SUPPORTED_SCOPES: readonly string[] = SCOPE_NAMES;

/**
 * The scopes to grant: the requested ones (deduplicated) when each is held by
 * the key, or all of the key's scopes when none were requested (TE-09).
 */
export function grantedScopes(requested: string | undefined, keyScopes: readonly string[]): string[] {
  const held = [...new Set(keyScopes)];
  if (requested === undefined) return held;
  const tokens = requested.split(" ");
  if (tokens.some((token) => !SCOPE_TOKEN.test(token))) {
    throw oauthError("invalid_scope", "The scope parameter is malformed.", "malformed_scope");
  }
  const wanted = [...new Set(tokens)];
  if (wanted.some((scope) => !held.includes(scope))) {
    throw oauthError("invalid_scope", "The requested scope is not granted to this client.", "scope_not_granted");
  }
  return wanted;
}
