// Is a verified access token still allowed by its credential, right now? One check for the API
// guard and for introspection, so they always give the same verdict (PA-05, IN-01).
import type { CredentialRecord } from "../credentials/verify-client-secret";
import type { VerifiedAccessToken } from "./verify-access-token";

export function tokenAllowedByCredential(
  claims: VerifiedAccessToken,
  credential: CredentialRecord | null,
  now: Date,
): credential is CredentialRecord {
  if (!credential || credential.orgId !== claims.org_id || credential.clientId !== claims.client_id) return false;
  if (credential.revokedAt) return false;
  if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) return false;
  // Tokens issued before tokensValidAfter are dead (rotation "now", compromise).
  if (credential.tokensValidAfter && claims.iat * 1000 < credential.tokensValidAfter.getTime()) return false;
  return true;
}
