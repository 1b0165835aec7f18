// The OAuth endpoints' entries of the route table: token, revocation, introspection, JWKS and
// metadata, each with its OpenAPI description. Every method reaches the handler, which answers
// anything but its own with 405 (RFC 6749 bodies, logged like any other request).
import { z } from "zod";
import type { Route } from "../http/route";
import { EnvironmentSchema, ref, response, RATE_LIMIT, OAuthErrorBody, Scope } from "../openapi/components";
import { handleJwksRequest, handleMetadataRequest } from "./discovery";
import { handleIntrospectionRequest } from "./introspection-endpoint";
import { handleRevocationRequest } from "./revocation-endpoint";
import { handleTokenRequest } from "./token-endpoint";

const TokenRequest = z
  .object({
    grant_type: z.literal("client_credentials"),
    scope: z.string().optional().meta({
      description: "Space-separated subset of the key's scopes; absent = all of them.",
      example: "read:agents read:analytics",
    }),
    client_id: z.string().optional().meta({
      description: "client_secret_post: the Client ID (`wfc_…`). Omit with HTTP Basic (or send the same value).",
    }),
    client_secret: z
      .string()
      .optional()
      .meta({ description: "client_secret_post: the Client Secret (`wfs_live_…`). Omit with HTTP Basic." }),
  })
  .meta({ id: "TokenRequest" });

const TokenResponse = z
  .object({
    access_token: z.string().meta({ description: "An RFC 9068 JWT (ES256, `typ: at+jwt`)." }),
    token_type: z.literal("Bearer"),
    expires_in: z
      .number()
      .int()
      .meta({ description: "Seconds; 3600, less when the key expires sooner.", example: 3600 }),
    scope: z.string().meta({ example: "read:agents write:agents" }),
  })
  .meta({ id: "TokenResponse" });

const TokenParameter = z
  .object({
    token: z.string().meta({ description: "The access token." }),
    token_type_hint: z.string().optional().meta({ description: "Accepted and ignored: only access tokens exist." }),
    client_id: z.string().optional().meta({ description: "client_secret_post: the Client ID." }),
    client_secret: z.string().optional().meta({ description: "client_secret_post: the Client Secret." }),
  })
  .meta({ id: "TokenParameter" });

const IntrospectionResponse = z
  .object({
    active: z.boolean(),
    scope: z.string().optional(),
    client_id: z.string().optional(),
    token_type: z.literal("Bearer").optional(),
    exp: z.number().int().optional(),
    iat: z.number().int().optional(),
    sub: z.string().optional(),
    aud: z.string().optional(),
    iss: z.string().optional(),
    jti: z.string().optional(),
    org_id: z.string().optional(),
    environment: EnvironmentSchema.optional(),
  })
  .meta({
    id: "IntrospectionResponse",
    description:
      'RFC 7662. Callers holding `admin` in the token\'s organization get the claims; every other answer is exactly `{"active":false}`.',
  });

const Jwks = z
  .object({
    keys: z.array(
      z.object({
        kty: z.literal("EC"),
        crv: z.literal("P-256"),
        x: z.string(),
        y: z.string(),
        kid: z.string(),
        use: z.literal("sig"),
        alg: z.literal("ES256"),
      }),
    ),
  })
  .meta({ id: "JsonWebKeySet" });

const AuthMethod = z.enum(["client_secret_basic", "client_secret_post"]);
const AuthorizationServerMetadata = z
  .object({
    issuer: z.url(),
    token_endpoint: z.url(),
    jwks_uri: z.url(),
    revocation_endpoint: z.url(),
    introspection_endpoint: z.url(),
    grant_types_supported: z.array(z.literal("client_credentials")),
    response_types_supported: z.array(z.string()).meta({ description: "Empty: there are no browser flows." }),
    token_endpoint_auth_methods_supported: z.array(AuthMethod),
    revocation_endpoint_auth_methods_supported: z.array(AuthMethod),
    introspection_endpoint_auth_methods_supported: z.array(AuthMethod),
    scopes_supported: z.array(Scope),
    service_documentation: z.url(),
  })
  .meta({ id: "AuthorizationServerMetadata", description: "RFC 8414." });

// `{}`: client_secret_post, whose credentials are body parameters (no security scheme describes those).
const CLIENT_AUTH: Record<string, string[]>[] = [{ ClientSecretBasic: [] }, {}];
const CLIENT_AUTH_TEXT =
  "Client authentication, one method per request: `client_secret_basic` (HTTP Basic with the Client ID and Client Secret) or `client_secret_post` (`client_id` and `client_secret` in the body; Basic plus the identical body `client_id` is accepted).";
const formAndJson = (schema: z.ZodType) => ({
  required: true,
  content: { "application/x-www-form-urlencoded": { schema }, "application/json": { schema } },
});
const OAUTH_ERRORS = {
  400: ref("OAuthBadRequest"),
  401: ref("OAuthUnauthorized"),
  429: ref("OAuthTooManyRequests"),
  503: ref("OAuthServiceUnavailable"),
};
const NO_STORE: ("Cache-Control" | "Pragma")[] = ["Cache-Control", "Pragma"];

const tokenExamples = {
  form: {
    client_secret_basic: {
      summary: "client_secret_basic (send HTTP Basic too)",
      value: { grant_type: "client_credentials", scope: "read:agents" },
    },
    client_secret_post: {
      summary: "client_secret_post",
      value: { grant_type: "client_credentials", client_id: "wfc_…", client_secret: "wfs_live_…" },
    },
  },
  json: {
    client_secret_post: {
      summary: "client_secret_post (the guide's request)",
      value: { client_id: "wfc_…", client_secret: "wfs_live_…", grant_type: "client_credentials" },
    },
  },
};

export const OAUTH_ROUTES: Route[] = [
  {
    method: "POST",
    path: "/v1/auth/token",
    family: "oauth",
    handle: (request, runtime) => handleTokenRequest(request, runtime.oauth),
    doc: {
      operationId: "issueToken",
      summary: "Issue an access token (client credentials)",
      description: [
        "RFC 6749 §4.4 client credentials grant. The body is `application/x-www-form-urlencoded` or `application/json` (the same parameters; string values only, no duplicates, at most 16 KiB; nothing in the query string).",
        CLIENT_AUTH_TEXT,
        "Optional `scope` narrows the token to a subset of the key's scopes (duplicates removed); absent = all of the key's scopes.",
      ].join("\n\n"),
      tags: ["OAuth"],
      security: CLIENT_AUTH,
      extensions: { "x-token-endpoint-auth-methods": ["client_secret_basic", "client_secret_post"] },
      request: {
        body: {
          required: true,
          content: {
            "application/x-www-form-urlencoded": { schema: TokenRequest, examples: tokenExamples.form },
            "application/json": { schema: TokenRequest, examples: tokenExamples.json },
          },
        },
      },
      responses: { 200: response("The access token.", TokenResponse, [...NO_STORE, ...RATE_LIMIT]), ...OAUTH_ERRORS },
    },
  },
  {
    method: "POST",
    path: "/v1/auth/revoke",
    family: "oauth",
    handle: (request, runtime) => handleRevocationRequest(request, runtime.oauth),
    doc: {
      operationId: "revokeToken",
      summary: "Revoke an access token (RFC 7009)",
      description: [
        "Unknown, malformed, expired or already revoked tokens: 200. A token issued to another client: 400 `invalid_request`, and it stays valid.",
        CLIENT_AUTH_TEXT,
      ].join("\n\n"),
      tags: ["OAuth"],
      security: CLIENT_AUTH,
      request: { body: formAndJson(TokenParameter) },
      responses: { 200: response("Revoked (or nothing to revoke). Empty body.", undefined, NO_STORE), ...OAUTH_ERRORS },
    },
  },
  {
    method: "POST",
    path: "/v1/auth/introspect",
    family: "oauth",
    handle: (request, runtime) => handleIntrospectionRequest(request, runtime.oauth),
    doc: {
      operationId: "introspectToken",
      summary: "Introspect an access token (RFC 7662)",
      description: [
        "For resource servers. Callers holding `admin` in the token's organization get the claims (scope cut to the key's current scopes); everyone else, and every inactive, foreign, revoked, expired or forged token, gets exactly `{\"active\":false}`.",
        CLIENT_AUTH_TEXT,
      ].join("\n\n"),
      tags: ["OAuth"],
      security: CLIENT_AUTH,
      request: { body: formAndJson(TokenParameter) },
      responses: { 200: response("The token's state.", IntrospectionResponse, NO_STORE), ...OAUTH_ERRORS },
    },
  },
  {
    method: "GET",
    path: "/.well-known/jwks.json",
    family: "oauth",
    handle: (request, runtime) => handleJwksRequest(request, runtime.oauth),
    doc: {
      operationId: "getJwks",
      summary: "Public signing keys (JWKS)",
      tags: ["OAuth"],
      security: [],
      responses: {
        200: {
          description: "The JSON Web Key Set (`Cache-Control: public, max-age=300`).",
          content: { "application/jwk-set+json": { schema: Jwks } },
        },
        503: response("`temporarily_unavailable`: signing keys could not be read.", OAuthErrorBody, ["Retry-After"]),
      },
    },
  },
  {
    method: "GET",
    path: "/.well-known/oauth-authorization-server",
    family: "oauth",
    handle: (request, runtime) => handleMetadataRequest(request, runtime.oauth),
    doc: {
      operationId: "getAuthorizationServerMetadata",
      summary: "Authorization server metadata (RFC 8414)",
      tags: ["OAuth"],
      security: [],
      responses: {
        200: response("The metadata (`Cache-Control: public, max-age=300`).", AuthorizationServerMetadata),
      },
    },
  },
];
