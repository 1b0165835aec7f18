// POST /v1/auth/token: the client credentials grant (RFC 6749 §4.4) as TE-01..TE-17
// describe it. Pure apart from the context: no database I/O on the success path
// (the key record is cached, the signing key is in memory, usage is batched).
import { buildAccessTokenClaims, signAccessToken } from "../tokens/access-token";
import { authenticateClient } from "./authenticate-client";
import type { RequestParts, ResponseParts } from "../http/request-parts";
import type { OAuthContext } from "./oauth-context";
import { invalidRequest, oauthError } from "./oauth-error";
import { jsonResponse } from "./oauth-response";
import { parseBodyParameters } from "./parse-parameters";
import { runEndpoint } from "./run-endpoint";
import { grantedScopes } from "./scope";

export const GRANT_TYPE = "client_credentials";

export async function handleTokenRequest(request: RequestParts, ctx: OAuthContext): Promise<ResponseParts> {
  return runEndpoint("token", request, ctx, async (fields) => {
    // TE-03: credentials never travel in the URL; the query string is refused, never read or logged.
    if (request.query !== "")
      throw invalidRequest("Send parameters in the request body, not the URL.", "query_parameters");
    const params = parseBodyParameters(request);
    const grantType = params.get("grant_type");
    if (grantType === undefined) throw invalidRequest("The grant_type parameter is required.", "missing_grant_type");
    if (grantType !== GRANT_TYPE) {
      throw oauthError(
        "unsupported_grant_type",
        "Only the client_credentials grant is supported.",
        "unsupported_grant_type",
      );
    }
    const { key } = await authenticateClient(ctx, request, params, fields);

    const limit = await ctx.limits.consumeIssuance(key.plan, key.orgId);
    if (!limit.allowed) {
      // Counted for Settings > Plan & limits (RL-07): in memory, written with the next batch.
      ctx.activity.rateLimited({ orgId: key.orgId, at: ctx.now(), limit: "tokens" });
      throw oauthError(
        "rate_limited",
        "Token request limit reached for this plan; retry later.",
        "plan_limit",
        limit.headers,
      );
    }
    const scopes = grantedScopes(params.get("scope"), key.scopes);
    const now = ctx.now();
    const claims = buildAccessTokenClaims({ issuer: ctx.issuer, audience: ctx.audience, key, scopes, now });
    if (claims.exp <= claims.iat) throw oauthError("invalid_client", "Client authentication failed.", "key_expired");
    const accessToken = signAccessToken(claims, await ctx.signingKeys.signer());
    ctx.activity.tokenIssued({
      apiKeyId: key.id,
      orgId: key.orgId,
      at: now,
      ip: request.clientIp,
      userAgent: request.userAgent ?? null,
    });
    fields.outcome = "issued";
    fields.jti = claims.jti;
    return jsonResponse(
      200,
      { access_token: accessToken, token_type: "Bearer", expires_in: claims.exp - claims.iat, scope: claims.scope },
      limit.headers,
    );
  });
}
