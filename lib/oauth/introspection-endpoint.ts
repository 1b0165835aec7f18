// POST /v1/auth/introspect: RFC 7662 for resource servers (IN-01). The caller
// authenticates as a client and must hold the `admin` scope in the token's organization and
// environment; any
// other caller, and any inactive, foreign, revoked, expired or unverifiable token, gets exactly
// `{"active":false}`. Claims are read only after the signature checks out, and the answer
// reflects the key as it is now: a revoked or expired key, a secret rotated out "now", or a
// revoked jti make the token inactive, and its scope is cut to the key's current scopes.
import { unavailable } from "../errors";
import type { RequestParts, ResponseParts } from "../http/request-parts";
import { tokenAllowedByCredential } from "../tokens/token-validity";
import { isTokenRevoked } from "../tokens/revoked-tokens";
import { verifyAccessToken } from "../tokens/verify-access-token";
import { authenticateClient } from "./authenticate-client";
import type { OAuthContext } from "./oauth-context";
import { invalidRequest } from "./oauth-error";
import { jsonResponse } from "./oauth-response";
import { parseBodyParameters } from "./parse-parameters";
import { runEndpoint } from "./run-endpoint";

const INACTIVE = { active: false } as const;

export async function handleIntrospectionRequest(request: RequestParts, ctx: OAuthContext): Promise<ResponseParts> {
  return runEndpoint("introspect", request, ctx, async (fields) => {
    if (request.query !== "")
      throw invalidRequest("Send parameters in the request body, not the URL.", "query_parameters");
    const params = parseBodyParameters(request);
    const { key: caller } = await authenticateClient(ctx, request, params, fields);
    const token = params.get("token");
    if (token === undefined) throw invalidRequest("The token parameter is required.", "missing_token");
    const inactive = () => {
      fields.outcome = "inactive";
      return jsonResponse(200, INACTIVE);
    };
    if (!caller.scopes.includes("admin")) return inactive();
    const now = ctx.now();
    const claims = await verifyAccessToken(token, {
      issuer: ctx.issuer,
      audience: ctx.audience,
      verificationKey: (kid) => ctx.signingKeys.verificationKey(kid),
      now,
    });
    // Environments partition the organization (PA-06): a development admin key learns
    // nothing about production tokens.
    if (!claims || claims.org_id !== caller.orgId || claims.environment !== caller.environment) return inactive();
    fields.jti = claims.jti;
    const key = await ctx.keys.get(claims.client_id);
    if (!tokenAllowedByCredential(claims, key, now)) return inactive();
    let revoked: boolean;
    try {
      revoked = await isTokenRevoked(ctx.db(), claims.jti);
    } catch (error) {
      throw unavailable("token revocations", error);
    }
    if (revoked) return inactive();
    const scope = claims.scope
      .split(" ")
      .filter((s) => s !== "" && key.scopes.includes(s))
      .join(" ");
    fields.outcome = "active";
    return jsonResponse(200, {
      active: true,
      scope,
      client_id: claims.client_id,
      token_type: "Bearer",
      exp: claims.exp,
      iat: claims.iat,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      org_id: claims.org_id,
      environment: claims.environment,
    });
  });
}
