// Client authentication shared by the token, revocation and introspection endpoints (RFC 6749
// §2.3.1, RFC 7009 §2.1, RFC 7662 §2.1): one-method rules, the failure throttle, the cached key
// lookup and the constant-work secret check. Every failure is the same `invalid_client` answer
// (TE-07); only the log line and the audit row carry the reason.
import { CLIENT_ID_PATTERN, parseClientSecret } from "../credentials/secret";
import { verifyClientSecret, type CredentialRecord } from "../credentials/verify-client-secret";
import { presentedClient, type ClientAuthMethod } from "./client-credentials";
import type { OAuthContext } from "./oauth-context";
import type { AppError } from "../errors";
import type { RequestParts } from "../http/request-parts";
import { INVALID_CLIENT_DESCRIPTION, oauthError, type OAuthReason } from "./oauth-error";
import type { Parameters } from "./parse-parameters";
import type { LogFields } from "./run-endpoint";
import { authBlockHeaders, type AuthBlock } from "../rate-limit/token-limits";

export type AuthenticatedClient = { key: CredentialRecord; method: ClientAuthMethod };

const BASIC_CHALLENGE = { "WWW-Authenticate": 'Basic realm="workflux", charset="UTF-8"' };

function invalidClient(reason: OAuthReason, basicUsed: boolean): AppError {
  // RFC 6749 §5.2: a challenge only when the client tried the Authorization header.
  return oauthError("invalid_client", INVALID_CLIENT_DESCRIPTION, reason, basicUsed ? { ...BASIC_CHALLENGE } : {});
}

function throttled(block: AuthBlock): AppError {
  return oauthError(
    "rate_limited",
    "Too many failed client authentications; retry later.",
    "auth_throttled",
    authBlockHeaders(block),
  );
}

export async function authenticateClient(
  ctx: OAuthContext,
  request: RequestParts,
  params: Parameters,
  fields: LogFields,
): Promise<AuthenticatedClient> {
  const presented = presentedClient(request, params);
  const basicUsed = presented.method === "client_secret_basic";
  if (presented.method === "none") throw invalidClient("no_client_auth", false);
  const { clientId, clientSecret } = presented;
  const ip = request.clientIp;

  // Ids that cannot be ours never reach the database, the log or a limiter key: a client that
  // swapped id and secret would otherwise write its secret to the log, and random 4 KiB ids would
  // each cost a limiter entry. They share one "(malformed)" bucket and still count as failures.
  const wellFormed = CLIENT_ID_PATTERN.test(clientId);
  const limiterId = wellFormed ? clientId : "(malformed)";
  fields.client_id = limiterId;
  let record = wellFormed ? ctx.keys.cached?.(clientId) : null;
  if (record === undefined) {
    // Before a database read, a blocked source IP is turned away (no lookups on its behalf); a
    // block on the client id alone still allows the one lookup that caches the key, so its
    // owner's right secret works on every instance. A cached key skips this (no database work).
    const block = await ctx.limits.authBlocked(limiterId, ip);
    if (block?.by === "ip" || (block && !wellFormed)) throw throttled(block);
    // A secret whose format or checksum is wrong cannot match anything: no lookup (SE-01).
    record = parseClientSecret(clientSecret) ? await ctx.keys.get(clientId) : null;
  }

  const now = ctx.now();
  let check = verifyClientSecret(record, clientSecret, now);
  // A key expiring within the second could only mint a token with exp ≤ iat: expired already.
  if (check.ok && check.key.expiresAt && check.key.expiresAt.getTime() - now.getTime() < 1000) {
    check = { ok: false, reason: "key_expired" };
  }
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
    const block = await ctx.limits.recordAuthFailure(limiterId, ip);
    if (block !== null) throw throttled(block);
    throw invalidClient(reason, basicUsed);
  }
  // The right secret is never refused by the failure throttle (TE-15): 256 random bits are not
  // guessed, and refusing it would let anyone who knows a client id lock its owner out.
  fields.org_id = check.key.orgId;
  fields.auth_method = presented.method;
  if (check.usedPreviousSecret) fields.previous_secret = true;
  return { key: check.key, method: presented.method };
}
