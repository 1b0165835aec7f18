// The one guard in front of every platform API route (PA-01..PA-05, PA-08, PA-09; RFC 6750 §2,
// §3). In order: the token comes from `Authorization: Bearer` only; jose verifies it against our
// own signing keys (ES256, at+jwt, exact iss/aud, 30 s leeway); the credential's live state comes
// from the in-process cache (revoked, expired, tokens cut by a rotation); the jti denylist;
// effective scopes = token scopes ∩ the credential's current scopes (`admin` implies all); then the
// organization's plan limit. No database I/O when the caches are warm and trusted.
import type { CredentialActor } from "../authz/actor";
import { AppError, isUnavailable } from "../errors";
import { envelopeResponse } from "../http/error-envelope";
import type { RequestParts, ResponseParts } from "../http/request-parts";
import { CLOCK_LEEWAY_SECONDS } from "../signing-keys/signing-key-repo";
import { tokenAllowedByCredential } from "../tokens/token-validity";
import { verifyAccessToken, type VerifiedAccessToken } from "../tokens/verify-access-token";
import type { ApiContext } from "./api-context";
import { bearerErrorResponse } from "./bearer-challenge";

export type GuardResult =
  | { ok: true; actor: CredentialActor; headers: Record<string, string> }
  | { ok: false; response: ResponseParts; credential?: { id: string; orgId: string; clientId: string } };

const refused = (response: ResponseParts): GuardResult => ({ ok: false, response });

const invalidToken = () =>
  bearerErrorResponse(new AppError("invalid_token", "The access token is invalid, expired or revoked."));

/** RFC 6750 §2.3: a token in the query is refused, never used (it would end up in logs). */
function hasQueryToken(query: string): boolean {
  return /(^|&)access_token=/.test(query);
}

// Signature checks are the guard's main cost, and clients reuse one token for up to an hour: a
// token string that verified once is remembered (bounded, until its exp). Keyed by the exact
// string, so any other bytes are verified afresh; the credential, revocation and scope checks below
// still run on every request, and a signing key revoked since is noticed through its kid.
const MAX_VERIFIED_TOKENS = 10_000;

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

async function verifyCached(token: string, ctx: ApiContext, now: Date): Promise<VerifiedAccessToken | null> {
  const cache = ctx.verifiedTokens;
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
  request: RequestParts,
  requiredScope: string,
  ctx: ApiContext,
): Promise<GuardResult> {
  if (hasQueryToken(request.query) || request.authorizationCount > 1) {
    return refused(
      bearerErrorResponse(
        new AppError("invalid_request", "Send exactly one access token, in the Authorization header."),
      ),
    );
  }
  const match = request.authorization ? /^bearer +(.*)$/i.exec(request.authorization) : null;
  if (!match) {
    return refused(
      bearerErrorResponse(
        new AppError("unauthenticated", "An access token is required: Authorization: Bearer <token>."),
      ),
    );
  }
  const token = match[1]!.trim();
  if (!/^[A-Za-z0-9\-._~+/]+=*$/.test(token)) {
    return refused(bearerErrorResponse(new AppError("invalid_request", "The Authorization header is malformed.")));
  }
  try {
    const now = ctx.now();
    const claims = await verifyCached(token, ctx, now);
    if (!claims) return refused(invalidToken());
    const record = await ctx.keys.get(claims.client_id);
    const credential = record ? { id: record.id, orgId: record.orgId, clientId: record.clientId } : undefined;
    if (!tokenAllowedByCredential(claims, record, now) || (await ctx.revocations.isRevoked(claims.jti))) {
      return { ok: false, response: invalidToken(), credential };
    }
    // A scope removed from the credential stops working for its live tokens at once.
    const scopes = [...new Set(claims.scope.split(" "))].filter((s) => s !== "" && record.scopes.includes(s));
    if (!hasScope(scopes, requiredScope)) {
      const insufficient = new AppError("insufficient_scope", `This request needs the ${requiredScope} scope.`);
      return { ok: false, credential, response: bearerErrorResponse(insufficient, { scope: requiredScope }) };
    }
    const limit = await ctx.limits.consume(record.plan, record.orgId);
    if (!limit.allowed) {
      // Counted for Settings > Plan & limits (RL-07): in memory, written with the next batch.
      ctx.activity.rateLimited({ orgId: record.orgId, at: now, limit: "api" });
      const limited = new AppError("rate_limited", "Too many requests for this organization's plan.", {
        headers: limit.headers,
      });
      return { ok: false, credential, response: envelopeResponse(limited) };
    }
    const actor: CredentialActor = {
      kind: "credential",
      credentialId: record.id,
      clientId: record.clientId,
      orgId: record.orgId,
      environment: record.environment,
      plan: record.plan,
      scopes,
    };
    return { ok: true, actor, headers: limit.headers };
  } catch (error) {
    if (isUnavailable(error)) {
      ctx.outages.failed(error);
      return refused(envelopeResponse(error));
    }
    throw error;
  }
}
