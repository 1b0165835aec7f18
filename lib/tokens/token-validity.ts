// Is a verified access token still allowed by its credential, right now? One check for the API
// guard and for introspection, so they always give the same verdict (PA-05, IN-01). The signature
// proves who minted a token, not that its claims still describe its key: a token whose subject,
// organization or environment disagrees with the key record, or that claims to be issued in the
// future, is refused even though its signature is valid.
import type { CredentialRecord } from "../credentials/verify-client-secret";
import { CLOCK_LEEWAY_SECONDS } from "../signing-keys/signing-key-repo";
import type { VerifiedAccessToken } from "./verify-access-token";

export function tokenAllowedByCredential(
  claims: VerifiedAccessToken,
  credential: CredentialRecord | null,
  now: Date,
): credential is CredentialRecord {
  if (!credential || credential.clientId !== claims.client_id || claims.sub !== claims.client_id) return false;
  if (credential.orgId !== claims.org_id || credential.environment !== claims.environment) return false;
  if (claims.iat > Math.floor(now.getTime() / 1000) + CLOCK_LEEWAY_SECONDS) return false;
  if (credential.revokedAt) return false;
  if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) return false;
  // Tokens issued before tokensValidAfter are dead (rotation "now", compromise).
  if (credential.tokensValidAfter && claims.iat * 1000 < credential.tokensValidAfter.getTime()) return false;
  return true;
}
