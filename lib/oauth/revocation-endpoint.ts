// POST /v1/auth/revoke: RFC 7009 token revocation, client-authenticated (RV-01..RV-03).
// Unknown, malformed, expired or already revoked tokens: 200. A token issued to another client:
// `invalid_request`, and it stays valid (RV-02). `token_type_hint` is ignored: access
// tokens are the only kind we issue, so a wrong or unknown hint cannot stop the search.
import { revokeTokenByJti } from "../tokens/revoked-tokens";
import { verifyAccessToken } from "../tokens/verify-access-token";
import { authenticateClient } from "./authenticate-client";
import { unavailable } from "../errors";
import type { RequestParts, ResponseParts } from "../http/request-parts";
import type { OAuthContext } from "./oauth-context";
import { invalidRequest } from "./oauth-error";
import { parseBodyParameters } from "./parse-parameters";
import { runEndpoint } from "./run-endpoint";

const OK: ResponseParts = { status: 200, headers: { "Cache-Control": "no-store", Pragma: "no-cache" }, body: "" };

export async function handleRevocationRequest(request: RequestParts, ctx: OAuthContext): Promise<ResponseParts> {
  return runEndpoint("revoke", request, ctx, async (fields) => {
    if (request.query !== "")
      throw invalidRequest("Send parameters in the request body, not the URL.", "query_parameters");
    const params = parseBodyParameters(request);
    const { key } = await authenticateClient(ctx, request, params, fields);
    const token = params.get("token");
    if (token === undefined) throw invalidRequest("The token parameter is required.", "missing_token");
    const claims = await verifyAccessToken(token, {
      issuer: ctx.issuer,
      audience: ctx.audience,
      verificationKey: (kid) => ctx.signingKeys.verificationKey(kid),
      now: ctx.now(),
    });
    if (!claims) {
      fields.outcome = "ignored";
      return { ...OK, headers: { ...OK.headers } };
    }
    fields.jti = claims.jti;
    if (claims.client_id !== key.clientId || claims.org_id !== key.orgId) {
      throw invalidRequest("The token was not issued to this client.", "foreign_token");
    }
    try {
      await revokeTokenByJti(ctx.db(), {
        jti: claims.jti,
        orgId: claims.org_id,
        apiKeyId: key.id,
        expiresAt: new Date(claims.exp * 1000),
      });
    } catch (error) {
      // RV-03: a revocation that was not stored is never answered with 200.
      throw unavailable("token revocations", error);
    }
    fields.outcome = "revoked";
    return { ...OK, headers: { ...OK.headers } };
  });
}
