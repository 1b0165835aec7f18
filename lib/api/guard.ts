// The one guard in front of every platform API route (SECURITY PA-01..PA-05, PA-08, PA-09;
// RFC 6750 §2, §3). In order: the token comes from `Authorization: Bearer` only; jose verifies it
// against our own signing keys (ES256, at+jwt, exact iss/aud, 30 s leeway); the key's live state
// comes from the in-process cache (revoked, expired, tokens cut by a rotation); the jti denylist;
// effective scopes = token scopes ∩ the key's current scopes (`admin` implies all); then the
// organization's plan limit. No database I/O when the caches are warm and trusted.
import { StorageUnavailableError } from "../credentials/key-cache";
import { tokenAllowedByKey } from "../oauth/introspection-endpoint";
import type { OAuthRequest } from "../oauth/oauth-request";
import { jsonResponse, type OAuthResponse } from "../oauth/oauth-response";
import { RETRY_AFTER_UNAVAILABLE_SECONDS } from "../oauth/run-endpoint";
import { CLOCK_LEEWAY_SECONDS } from "../signing-keys/signing-key-repo";
import { SigningKeysUnavailableError } from "../signing-keys/signing-key-store";
import { verifyAccessToken } from "../tokens/verify-access-token";
import type { ApiContext } from "./api-context";
import type { CredentialActor } from "../authz/actor";

export const REALM = "workflux";

export type GuardResult =
  | { ok: true; principal: CredentialActor; headers: Record<string, string> }
  | { ok: false; response: OAuthResponse; apiKey?: { id: string; orgId: string; clientId: string } };

const bearerChallenge = (params: Record<string, string> = {}) =>
  [`Bearer realm="${REALM}"`, ...Object.entries(params).map(([k, v]) => `${k}="${v}"`)].join(", ");

function refuse(
  status: number,
  error: string | null,
  description: string,
  extra: Record<string, string> = {},
  headers: Record<string, string> = {},
): OAuthResponse {
  const challenge = error ? bearerChallenge({ error, error_description: description, ...extra }) : bearerChallenge();
  return jsonResponse(
    status,
    error
      ? { error, error_description: description, ...extra }
      : { error: "unauthorized", error_description: description },
    {
      "WWW-Authenticate": challenge,
      ...headers,
    },
  );
}

const invalidToken = () => refuse(401, "invalid_token", "The access token is invalid, expired or revoked.");

function unavailable(): OAuthResponse {
  return jsonResponse(
    503,
    { error: "temporarily_unavailable", error_description: "Try again shortly." },
    { "Retry-After": String(RETRY_AFTER_UNAVAILABLE_SECONDS) },
  );
}

/** RFC 6750 §2.3: a token in the query is refused, never used (it would end up in logs). */
function hasQueryToken(query: string): boolean {
  return /(^|&)access_token=/.test(query);
}

// Signature checks are the guard's main cost, and clients reuse one token for up to an hour: a
// token string that verified once is remembered (bounded, until its exp). Keyed by the exact
// string, so any other bytes are verified afresh; the key, revocation and scope checks below
// still run on every request, and a signing key revoked since is noticed through its kid.
const MAX_VERIFIED_TOKENS = 10_000;
type Verified = NonNullable<Awaited<ReturnType<typeof verifyAccessToken>>>;
const globalForTokens = globalThis as unknown as {
  __workfluxVerifiedTokens?: Map<string, { claims: Verified; kid: string }>;
};
const verifiedTokens = () => (globalForTokens.__workfluxVerifiedTokens ??= new Map());

function kidOf(token: string): string | null {
  try {
    const header = JSON.parse(Buffer.from(token.slice(0, token.indexOf(".")), "base64url").toString("utf8")) as {
      kid?: unknown;
    };
    return typeof header.kid === "string" ? header.kid : null;
  } catch {
    return null;
  }
}

async function verifyCached(token: string, ctx: ApiContext, now: Date): Promise<Verified | null> {
  const cache = verifiedTokens();
  const hit = cache.get(token);
  if (hit) {
    const live =
      hit.claims.exp + CLOCK_LEEWAY_SECONDS > now.getTime() / 1000 &&
      (await ctx.signingKeys.verificationKey(hit.kid)) !== undefined;
    if (live) return hit.claims;
    cache.delete(token);
  }
  const claims = await verifyAccessToken(token, {
    issuer: ctx.issuer,
    audience: ctx.audience,
    verificationKey: (kid) => ctx.signingKeys.verificationKey(kid),
    now,
  });
  const kid = claims ? kidOf(token) : null;
  if (claims && kid) {
    if (cache.size >= MAX_VERIFIED_TOKENS) cache.delete(cache.keys().next().value as string);
    cache.set(token, { claims, kid });
  }
  return claims;
}

export function hasScope(scopes: readonly string[], required: string): boolean {
  return scopes.includes(required) || scopes.includes("admin");
}

export async function guardApiRequest(
  request: OAuthRequest,
  requiredScope: string,
  ctx: ApiContext,
): Promise<GuardResult> {
  if (hasQueryToken(request.query) || (request.authorizationCount ?? 0) > 1) {
    return {
      ok: false,
      response: refuse(400, "invalid_request", "Send exactly one access token, in the Authorization header."),
    };
  }
  const match = request.authorization ? /^bearer +(.*)$/i.exec(request.authorization) : null;
  if (!match)
    return { ok: false, response: refuse(401, null, "An access token is required: Authorization: Bearer <token>.") };
  const token = match[1]!.trim();
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    return { ok: false, response: refuse(400, "invalid_request", "The Authorization header is malformed.") };
  }
  try {
    const now = ctx.now();
    const claims = await verifyCached(token, ctx, now);
    if (!claims) return { ok: false, response: invalidToken() };
    const key = await ctx.keys.get(claims.client_id);
    const apiKey = key ? { id: key.id, orgId: key.orgId, clientId: key.clientId } : undefined;
    if (!key || !tokenAllowedByKey(claims, key, now) || (await ctx.revocations.isRevoked(claims.jti))) {
      return { ok: false, response: invalidToken(), apiKey };
    }
    // A scope removed from the key stops working for its live tokens at once.
    const scopes = [...new Set(claims.scope.split(" "))].filter((s) => s !== "" && key.scopes.includes(s));
    if (!hasScope(scopes, requiredScope)) {
      return {
        ok: false,
        apiKey,
        response: refuse(403, "insufficient_scope", `This request needs the ${requiredScope} scope.`, {
          scope: requiredScope,
        }),
      };
    }
    const limit = await ctx.limits.consume(key.plan, key.orgId);
    if (!limit.allowed) {
      return {
        ok: false,
        apiKey,
        response: jsonResponse(
          429,
          { error: "rate_limited", error_description: "Too many requests for this organization's plan." },
          limit.headers,
        ),
      };
    }
    const principal: CredentialActor = {
      kind: "credential",
      orgId: key.orgId,
      environment: key.environment,
      credentialId: key.id,
      clientId: key.clientId,
      plan: key.plan,
      scopes,
    };
    return { ok: true, principal, headers: limit.headers };
  } catch (error) {
    if (error instanceof StorageUnavailableError || error instanceof SigningKeysUnavailableError)
      return { ok: false, response: unavailable() };
    throw error;
  }
}
