// GET /.well-known/oauth-authorization-server (RFC 8414, MD-01) and
// GET /.well-known/jwks.json (public members only, JW-01; Cache-Control ≤ 5 min, SK-06).
import { JWKS_MAX_AGE_SECONDS } from "../signing-keys/signing-key-repo";
import { isUnavailable, RETRY_AFTER_UNAVAILABLE_SECONDS } from "../errors";
import type { RequestParts, ResponseParts } from "../http/request-parts";
import type { OAuthContext } from "./oauth-context";
import { methodNotAllowed } from "./run-endpoint";
import { SUPPORTED_SCOPES } from "./scope";

type GetRequest = Pick<RequestParts, "method">;

const PUBLIC_CACHE = `public, max-age=${JWKS_MAX_AGE_SECONDS}`;
const isGet = (method: string) => method === "GET" || method === "HEAD";

export function authorizationServerMetadata(issuer: string): Record<string, unknown> {
  const authMethods = ["client_secret_basic", "client_secret_post"];
  return {
    issuer,
    token_endpoint: `${issuer}/v1/auth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    revocation_endpoint: `${issuer}/v1/auth/revoke`,
    introspection_endpoint: `${issuer}/v1/auth/introspect`,
    grant_types_supported: ["client_credentials"],
    // REQUIRED by RFC 8414; empty because there are no browser flows (MD-01).
    response_types_supported: [],
    token_endpoint_auth_methods_supported: authMethods,
    revocation_endpoint_auth_methods_supported: authMethods,
    introspection_endpoint_auth_methods_supported: authMethods,
    scopes_supported: [...SUPPORTED_SCOPES],
    service_documentation: `${issuer}/docs/api-authentication-guide.txt`,
  };
}

export async function handleMetadataRequest(request: GetRequest, ctx: OAuthContext): Promise<ResponseParts> {
  if (!isGet(request.method)) return methodNotAllowed("GET, HEAD");
  return {
    status: 200,
    headers: { "Content-Type": "application/json", "Cache-Control": PUBLIC_CACHE },
    body: JSON.stringify(authorizationServerMetadata(ctx.issuer)),
  };
}

export async function handleJwksRequest(request: GetRequest, ctx: OAuthContext): Promise<ResponseParts> {
  if (!isGet(request.method)) return methodNotAllowed("GET, HEAD");
  try {
    return {
      status: 200,
      headers: { "Content-Type": "application/jwk-set+json", "Cache-Control": PUBLIC_CACHE },
      body: await ctx.signingKeys.jwksBody(),
    };
  } catch (error) {
    if (isUnavailable(error)) ctx.outages.failed(error);
    else ctx.log.error({ err: error }, "jwks unavailable");
    return {
      status: 503,
      headers: {
        "Content-Type": "application/json",
        "Cache-Control": "no-store",
        "Retry-After": String(RETRY_AFTER_UNAVAILABLE_SECONDS),
      },
      body: JSON.stringify({
        error: "temporarily_unavailable",
        error_description: "Signing keys are unavailable; retry later.",
      }),
    };
  }
}
