// Client authentication shared by the token, revocation and introspection endpoints (RFC 6749
// §2.3.1, RFC 7009 §2.1, RFC 7662 §2.1): one-method rules, the failure throttle, the cached key
// lookup and the constant-work secret check. Every failure is the same `invalid_client` answer
// (SECURITY TE-07); only the log line and the audit row carry the reason.
import { CLIENT_ID_PATTERN } from "../credentials/secret";
import { verifyClientSecret, type KeyRecord } from "../credentials/verify-client-secret";
import { presentedClient, type ClientAuthMethod } from "./client-credentials";
import type { OAuthContext } from "./oauth-context";
import { INVALID_CLIENT_DESCRIPTION, OAuthError, type OAuthReason } from "./oauth-error";
import type { OAuthRequest } from "./oauth-request";
import type { Parameters } from "./parse-parameters";
import type { LogFields } from "./run-endpoint";

export type AuthenticatedClient = { key: KeyRecord; method: ClientAuthMethod };

const BASIC_CHALLENGE = { "WWW-Authenticate": 'Basic realm="workflux", charset="UTF-8"' };

function invalidClient(reason: OAuthReason, basicUsed: boolean): OAuthError {
  // RFC 6749 §5.2: a challenge only when the client tried the Authorization header.
  return new OAuthError("invalid_client", INVALID_CLIENT_DESCRIPTION, reason, basicUsed ? { ...BASIC_CHALLENGE } : {});
}

function throttled(retryAfterSeconds: number): OAuthError {
  return new OAuthError("rate_limited", "Too many failed client authentications; retry later.", "auth_throttled", {
    "Retry-After": String(retryAfterSeconds),
  });
}

export async function authenticateClient(
  ctx: OAuthContext,
  request: OAuthRequest,
  params: Parameters,
  fields: LogFields,
): Promise<AuthenticatedClient> {
  const presented = presentedClient(request, params);
  if (presented.clientId) fields.client_id = presented.clientId.slice(0, 64);
  const basicUsed = presented.method === "client_secret_basic";
  if (presented.method === "none") throw invalidClient("no_client_auth", false);
  const { clientId, clientSecret } = presented;
  const ip = request.clientIp;

  // Ids that cannot be ours never reach the database; they still count as failures.
  const wellFormed = CLIENT_ID_PATTERN.test(clientId);
  let record = wellFormed ? ctx.keys.cached?.(clientId) : null;
  if (record === undefined) {
    // Before a database read, a blocked caller is turned away (no lookups on its behalf).
    const blockedFor = await ctx.limits.authBlocked(clientId, ip);
    if (blockedFor !== null) throw throttled(blockedFor);
    record = await ctx.keys.get(clientId);
  }

  const now = ctx.now();
  const check = verifyClientSecret(record, clientSecret, now);
  if (!check.ok) {
    const reason: OAuthReason = wellFormed ? check.reason : "malformed_client_id";
    if (record) {
      fields.org_id = record.orgId;
      ctx.activity.authFailed({
        apiKeyId: record.id,
        orgId: record.orgId,
        clientId: record.clientId,
        at: now,
        ip,
        userAgent: request.userAgent ?? null,
        reason,
        endpoint: fields.endpoint,
      });
    }
    const waitFor = await ctx.limits.recordAuthFailure(clientId, ip);
    if (waitFor !== null) throw throttled(waitFor);
    throw invalidClient(reason, basicUsed);
  }
  // A right secret during a block is refused too, so parallel guesses gain nothing (TE-15).
  const stillBlocked = await ctx.limits.authBlocked(clientId, ip);
  if (stillBlocked !== null) throw throttled(stillBlocked);
  fields.org_id = check.key.orgId;
  fields.auth_method = presented.method;
  if (check.usedPreviousSecret) fields.previous_secret = true;
  return { key: check.key, method: presented.method };
}
