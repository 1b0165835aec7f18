// The OpenAPI 3.1 document behind GET /openapi.json, /docs and `npm run openapi`. Request schemas
// are the very zod schemas the routes parse with (lib/agents/schemas, lib/pagination/id-cursor,
// lib/analytics/usage, lib/integrations/schemas); response schemas are written here in zod and
// checked against the DTO types at compile time. The platform API's paths come from API_ROUTES, so
// a route added there appears here with its scope even before someone documents it (and
// tests/unit/openapi.test.ts fails until they do).
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  zodToOpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import type { AgentDto } from "../agents/agents";
import { AgentStatus, CreateAgentInput, UpdateAgentInput } from "../agents/schemas";
import { MAX_USAGE_RANGE_DAYS, REQUEST_OUTCOMES, UsageQuery, type OrgUsageRow } from "../analytics/usage";
import { PageQuery } from "../pagination/id-cursor";
import { API_ROUTES } from "../api/router";
import { CREDENTIAL_SCOPES } from "../credentials/scopes";
import type { toIntegrationDto } from "../integrations/integrations";
import { CreateIntegrationInput } from "../integrations/schemas";
import type { OAuthErrorCode } from "../oauth/oauth-error";

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;
type Method = RouteConfig["method"];

export const OPENAPI_VERSION = "3.1.0";
export const API_VERSION = "1.0.0";

// ---------------------------------------------------------------------------------------------
// z.json() is a recursive z.lazy; the generator needs a name for it or it recurses forever. The
// name goes into the generator's own metadata registry (what `.openapi("JsonValue")` would do),
// so the shared schemas themselves are left as they are.
// ---------------------------------------------------------------------------------------------

type AnySchema = z.core.$ZodType;
const isSchema = (value: unknown): value is AnySchema => typeof value === "object" && value !== null && "_zod" in value;

function nameRecursiveJson(schema: AnySchema, seen = new Set<AnySchema>()): void {
  if (seen.has(schema)) return;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown>;
  if (def.type === "lazy") {
    zodToOpenAPIRegistry.add(schema as z.ZodType, { _internal: { refId: "JsonValue" } });
    // A refined z.json() is a copy whose recursion still goes through the original lazy: name that too.
    const inner = (def.getter as () => unknown)();
    if (isSchema(inner)) nameRecursiveJson(inner, seen);
    return;
  }
  for (const value of Object.values(def)) {
    if (isSchema(value)) nameRecursiveJson(value, seen);
    else if (Array.isArray(value)) value.filter(isSchema).forEach((item) => nameRecursiveJson(item, seen));
  }
  // Object shapes are a getter on the def.
  if (def.type === "object")
    for (const value of Object.values(def.shape as Record<string, unknown>))
      if (isSchema(value)) nameRecursiveJson(value, seen);
}

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

const Scope = z.enum(CREDENTIAL_SCOPES.map((s) => s.scope) as [string, ...string[]]);
const Environment = z.enum(["production", "staging", "development"]);
const JsonObject = z.record(z.string(), z.unknown()).meta({ description: "Any JSON object (at most 16 KiB)." });

const OAuthErrorBody = z
  .object({
    error: z.enum([
      "invalid_request",
      "invalid_client",
      "unsupported_grant_type",
      "invalid_scope",
      "rate_limited",
      "temporarily_unavailable",
    ] satisfies OAuthErrorCode[]),
    error_description: z.string().meta({ description: "A fixed, human-readable text; it never echoes the request." }),
  })
  .meta({ id: "OAuthError", description: "RFC 6749 §5.2 error response." });

const ApiErrorBody = z
  .object({
    error: z.string().meta({
      description:
        "`invalid_request`, `invalid_token`, `insufficient_scope`, `unauthorized` (no token), `not_found`, `method_not_allowed`, `rate_limited`, `temporarily_unavailable` or `server_error`.",
      example: "invalid_request",
    }),
    error_description: z.string(),
    details: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({
        description:
          "Per field (dotted path; `_` for the whole body): what is wrong with it. Only on 400 `invalid_request` for bad input.",
        example: { name: ["Too small: expected string to have >=1 characters"] },
      }),
    scope: z.string().optional().meta({ description: "On 403 `insufficient_scope`: the scope the request needs." }),
  })
  .meta({ id: "ApiError", description: "Every platform API error: JSON, never HTML or a stack trace." });

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
    environment: Environment.optional(),
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

const AuthorizationServerMetadata = z
  .object({
    issuer: z.url(),
    token_endpoint: z.url(),
    jwks_uri: z.url(),
    revocation_endpoint: z.url(),
    introspection_endpoint: z.url(),
    grant_types_supported: z.array(z.literal("client_credentials")),
    response_types_supported: z.array(z.string()).meta({ description: "Empty: there are no browser flows." }),
    token_endpoint_auth_methods_supported: z.array(z.enum(["client_secret_basic", "client_secret_post"])),
    revocation_endpoint_auth_methods_supported: z.array(z.enum(["client_secret_basic", "client_secret_post"])),
    introspection_endpoint_auth_methods_supported: z.array(z.enum(["client_secret_basic", "client_secret_post"])),
    scopes_supported: z.array(Scope),
    service_documentation: z.url(),
  })
  .meta({ id: "AuthorizationServerMetadata", description: "RFC 8414." });

const timestamps = { created_at: z.iso.datetime(), updated_at: z.iso.datetime() };

const AgentSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  status: AgentStatus,
  config: JsonObject,
  environment: Environment,
  ...timestamps,
});
// The documented shape must stay assignable to what the handlers return.
const Agent = AgentSchema.meta({ id: "Agent" }) satisfies z.ZodType<AgentDto>;

type IntegrationDto = ReturnType<typeof toIntegrationDto>;
const IntegrationSchema = z.object({
  id: z.uuid(),
  provider: z.string(),
  name: z.string(),
  status: z.string(),
  config: JsonObject,
  environment: Environment,
  ...timestamps,
});
const Integration = IntegrationSchema.meta({ id: "Integration" }) satisfies z.ZodType<
  Omit<IntegrationDto, "status" | "config">
>;

const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      data: z.array(item),
      next_cursor: z
        .string()
        .nullable()
        .meta({ description: "Pass as `cursor` for the next page; null on the last page." }),
    })
    .meta({ id });

const RequestCounts = z.object(
  Object.fromEntries(REQUEST_OUTCOMES.map((o) => [o, z.number().int()])) as Record<
    (typeof REQUEST_OUTCOMES)[number],
    z.ZodNumber
  >,
);
const UsageRow = z
  .object({
    client_id: z.string(),
    key_name: z.string(),
    date: z.iso.date(),
    requests: RequestCounts,
    token_issuances: z.number().int(),
    token_failures: z.number().int(),
  })
  .meta({ id: "UsageRow" }) satisfies z.ZodType<OrgUsageRow>;
const UsageReport = z.object({ data: z.array(UsageRow) }).meta({ id: "UsageReport" });

const IdParams = z.object({ id: z.uuid().meta({ description: "The resource's id (a UUID)." }) });

// ---------------------------------------------------------------------------------------------
// Headers and shared responses
// ---------------------------------------------------------------------------------------------

const header = (description: string, schema: Record<string, unknown> = { type: "string" }) => ({ description, schema });
const HEADERS = {
  "WWW-Authenticate": header(
    'RFC 6750 §3 challenge, e.g. `Bearer realm="workflux", error="insufficient_scope", scope="write:agents"`.',
  ),
  "Retry-After": header("Seconds to wait before retrying.", { type: "integer", minimum: 0 }),
  "RateLimit-Limit": header("Requests allowed in the current window (limited plans).", { type: "integer" }),
  "RateLimit-Remaining": header("Requests left in the current window.", { type: "integer" }),
  "RateLimit-Reset": header("Seconds until the window resets.", { type: "integer" }),
  "Cache-Control": header("`no-store` on every token, revocation and introspection answer.", {
    type: "string",
    example: "no-store",
  }),
  Pragma: header("`no-cache`.", { type: "string", example: "no-cache" }),
};
type HeaderName = keyof typeof HEADERS;
const headerRefs = (...names: HeaderName[]) =>
  Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }]));
const RATE_LIMIT: HeaderName[] = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"];

const json = (schema: z.ZodType) => ({ "application/json": { schema } });
const response = (description: string, schema?: z.ZodType, headers: HeaderName[] = []): ResponseConfig => ({
  description,
  ...(schema ? { content: json(schema) } : {}),
  ...(headers.length ? { headers: headerRefs(...headers) } : {}),
});

const ref = (name: string) => ({ $ref: `#/components/responses/${name}` });

const API_RESPONSES: Record<string, ResponseConfig> = {
  BadRequest: response(
    "`invalid_request`: bad input (with `details` per field), a token in the query string, two Authorization headers or a malformed one.",
    ApiErrorBody,
    RATE_LIMIT,
  ),
  Unauthorized: response(
    'No token (`WWW-Authenticate: Bearer realm="workflux"`), or an invalid, expired, forged or revoked one (`error="invalid_token"`).',
    ApiErrorBody,
    ["WWW-Authenticate"],
  ),
  Forbidden: response(
    '`insufficient_scope`: the token lacks the route\'s scope (`WWW-Authenticate: … error="insufficient_scope", scope="…"`).',
    ApiErrorBody,
    ["WWW-Authenticate"],
  ),
  NotFound: response(
    "`not_found`: no such resource in the key's organization and environment (another organization's id, or a malformed one).",
    ApiErrorBody,
    RATE_LIMIT,
  ),
  TooManyRequests: response("`rate_limited`: the organization's plan limit is reached.", ApiErrorBody, [
    "Retry-After",
    ...RATE_LIMIT,
  ]),
  ServiceUnavailable: response(
    "`temporarily_unavailable`: the key's state could not be read (fail closed).",
    ApiErrorBody,
    ["Retry-After"],
  ),
  OAuthBadRequest: response(
    "RFC 6749 §5.2: `invalid_request` (malformed body, wrong content type, duplicate parameters, non-string JSON values, query-string parameters, body over 16 KiB), `unsupported_grant_type` or `invalid_scope`.",
    OAuthErrorBody,
    ["Cache-Control", "Pragma"],
  ),
  OAuthUnauthorized: response(
    "RFC 6749 §5.2 `invalid_client`: one identical answer for an unknown Client ID and a wrong, revoked, expired or rotated-out secret. `WWW-Authenticate: Basic` only when Basic was used.",
    OAuthErrorBody,
    ["WWW-Authenticate", "Cache-Control", "Pragma"],
  ),
  OAuthTooManyRequests: response(
    "`rate_limited`: the plan's token issuance limit, or the failed-authentication throttle of the Client ID or source IP.",
    OAuthErrorBody,
    ["Retry-After", ...RATE_LIMIT, "Cache-Control", "Pragma"],
  ),
  OAuthServiceUnavailable: response(
    "`temporarily_unavailable`: storage is down; never a token without a completed key check.",
    OAuthErrorBody,
    ["Retry-After", "Cache-Control", "Pragma"],
  ),
};

// ---------------------------------------------------------------------------------------------
// The platform API: one entry per API_ROUTES method + pattern.
// ---------------------------------------------------------------------------------------------

type OperationDoc = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  request?: RouteConfig["request"];
  success: Record<string, ResponseConfig>;
  notFound?: boolean;
};

const jsonBody = (schema: z.ZodType) => ({ required: true, content: json(schema) });

export const API_OPERATIONS: Record<string, OperationDoc> = {
  "GET /v1/agents": {
    operationId: "listAgents",
    summary: "List agents",
    description: "The key's organization's agents in the key's environment, newest first.",
    tags: ["Agents"],
    request: { query: PageQuery },
    success: { 200: response("A page of agents.", page(Agent, "AgentPage"), RATE_LIMIT) },
  },
  "POST /v1/agents": {
    operationId: "createAgent",
    summary: "Create an agent",
    description: "Only the listed fields are accepted; `orgId`, `id` or `environment` in the body is refused.",
    tags: ["Agents"],
    request: { body: jsonBody(CreateAgentInput.meta({ id: "CreateAgentInput" })) },
    success: { 201: response("The created agent.", Agent, RATE_LIMIT) },
  },
  "GET /v1/agents/:id": {
    operationId: "getAgent",
    summary: "Get an agent",
    tags: ["Agents"],
    request: { params: IdParams },
    success: { 200: response("The agent.", Agent, RATE_LIMIT) },
    notFound: true,
  },
  "PATCH /v1/agents/:id": {
    operationId: "updateAgent",
    summary: "Update an agent",
    description: "Any of the create fields; at least one.",
    tags: ["Agents"],
    request: { params: IdParams, body: jsonBody(UpdateAgentInput.meta({ id: "UpdateAgentInput" })) },
    success: { 200: response("The updated agent.", Agent, RATE_LIMIT) },
    notFound: true,
  },
  "DELETE /v1/agents/:id": {
    operationId: "deleteAgent",
    summary: "Delete an agent",
    tags: ["Agents"],
    request: { params: IdParams },
    success: { 204: response("Deleted.", undefined, RATE_LIMIT) },
    notFound: true,
  },
  "GET /v1/analytics/usage": {
    operationId: "getUsage",
    summary: "Usage per key and UTC day",
    description: `Requests by outcome, token issuances and failures, per key of the token's environment and UTC day with any activity. \`from\` and \`to\` are whole UTC days, both inclusive; default the last 7 days, at most ${MAX_USAGE_RANGE_DAYS}.`,
    tags: ["Analytics"],
    request: { query: UsageQuery },
    success: { 200: response("The usage report.", UsageReport, RATE_LIMIT) },
  },
  "GET /v1/integrations": {
    operationId: "listIntegrations",
    summary: "List integrations",
    tags: ["Integrations"],
    request: { query: PageQuery },
    success: { 200: response("A page of integrations.", page(Integration, "IntegrationPage"), RATE_LIMIT) },
  },
  "POST /v1/integrations": {
    operationId: "createIntegration",
    summary: "Create an integration",
    tags: ["Integrations"],
    request: { body: jsonBody(CreateIntegrationInput.meta({ id: "CreateIntegrationInput" })) },
    success: { 201: response("The created integration.", Integration, RATE_LIMIT) },
  },
  "DELETE /v1/integrations/:id": {
    operationId: "deleteIntegration",
    summary: "Delete an integration",
    tags: ["Integrations"],
    request: { params: IdParams },
    success: { 204: response("Deleted.", undefined, RATE_LIMIT) },
    notFound: true,
  },
};

/** `/v1/agents/:id` → `/v1/agents/{id}`. */
export const openApiPath = (pattern: string) => pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");

/** API_ROUTES entries without an entry in API_OPERATIONS (documented only generically). */
export function undocumentedApiRoutes(): string[] {
  return API_ROUTES.map((r) => `${r.method} ${r.pattern}`).filter((key) => !(key in API_OPERATIONS));
}

function registerApiRoutes(registry: OpenAPIRegistry): void {
  for (const route of API_ROUTES) {
    const key = `${route.method} ${route.pattern}`;
    const doc: OperationDoc = API_OPERATIONS[key] ?? {
      operationId: `${route.method.toLowerCase()}${route.pattern.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? "").toUpperCase())}`,
      summary: key,
      tags: ["Undocumented"],
      success: { 200: response("Success.") },
    };
    const params = [...route.pattern.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
    const request = { ...doc.request };
    if (params.length && !request.params)
      request.params = z.object(Object.fromEntries(params.map((p) => [p, z.string()])));
    const hasBody = Boolean(request.body);
    registry.registerPath({
      method: route.method.toLowerCase() as Method,
      path: openApiPath(route.pattern),
      operationId: doc.operationId,
      summary: doc.summary,
      description: [doc.description, `Requires the \`${route.scope}\` scope (or \`admin\`).`]
        .filter(Boolean)
        .join("\n\n"),
      tags: doc.tags,
      // Either scheme carries the required scope (OpenAPI 3.1 allows role names for non-OAuth schemes).
      security: [{ OAuth2: [route.scope] }, { BearerAuth: [route.scope] }],
      "x-required-scope": route.scope,
      request,
      responses: {
        ...doc.success,
        400: ref("BadRequest"),
        401: ref("Unauthorized"),
        403: ref("Forbidden"),
        ...(doc.notFound ? { 404: ref("NotFound") } : {}),
        ...(hasBody
          ? {
              413: response("`invalid_request`: the body is over 16 KiB.", ApiErrorBody, RATE_LIMIT),
              415: response("`invalid_request`: the body is not `application/json`.", ApiErrorBody, RATE_LIMIT),
            }
          : {}),
        429: ref("TooManyRequests"),
        503: ref("ServiceUnavailable"),
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The OAuth endpoints (lib/oauth): hand-parsed bodies, documented with the schemas above.
// ---------------------------------------------------------------------------------------------

// `{}`: client_secret_post, whose credentials are body parameters (no security scheme describes those).
const CLIENT_AUTH: Record<string, string[]>[] = [{ ClientSecretBasic: [] }, {}];
const CLIENT_AUTH_TEXT =
  "Client authentication, one method per request: `client_secret_basic` (HTTP Basic with the Client ID and Client Secret) or `client_secret_post` (`client_id` and `client_secret` in the body; Basic plus the identical body `client_id` is accepted).";
const formAndJson = (schema: z.ZodType) => ({
  required: true,
  content: { "application/x-www-form-urlencoded": { schema }, "application/json": { schema } },
});
const oauthErrors = {
  400: ref("OAuthBadRequest"),
  401: ref("OAuthUnauthorized"),
  429: ref("OAuthTooManyRequests"),
  503: ref("OAuthServiceUnavailable"),
};

function registerOAuthRoutes(registry: OpenAPIRegistry): void {
  registry.registerPath({
    method: "post",
    path: "/v1/auth/token",
    operationId: "issueToken",
    summary: "Issue an access token (client credentials)",
    description: [
      "RFC 6749 §4.4 client credentials grant. The body is `application/x-www-form-urlencoded` or `application/json` (the same parameters; string values only, no duplicates, at most 16 KiB; nothing in the query string).",
      CLIENT_AUTH_TEXT,
      "Optional `scope` narrows the token to a subset of the key's scopes (duplicates removed); absent = all of the key's scopes.",
    ].join("\n\n"),
    tags: ["OAuth"],
    security: CLIENT_AUTH,
    "x-token-endpoint-auth-methods": ["client_secret_basic", "client_secret_post"],
    request: {
      body: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": {
            schema: TokenRequest,
            examples: {
              client_secret_basic: {
                summary: "client_secret_basic (send HTTP Basic too)",
                value: { grant_type: "client_credentials", scope: "read:agents" },
              },
              client_secret_post: {
                summary: "client_secret_post",
                value: { grant_type: "client_credentials", client_id: "wfc_…", client_secret: "wfs_live_…" },
              },
            },
          },
          "application/json": {
            schema: TokenRequest,
            examples: {
              client_secret_post: {
                summary: "client_secret_post (the guide's request)",
                value: { client_id: "wfc_…", client_secret: "wfs_live_…", grant_type: "client_credentials" },
              },
            },
          },
        },
      },
    },
    responses: {
      200: response("The access token.", TokenResponse, ["Cache-Control", "Pragma", ...RATE_LIMIT]),
      ...oauthErrors,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/v1/auth/revoke",
    operationId: "revokeToken",
    summary: "Revoke an access token (RFC 7009)",
    description: [
      "Unknown, malformed, expired or already revoked tokens: 200. A token issued to another client: 400 `invalid_request`, and it stays valid.",
      CLIENT_AUTH_TEXT,
    ].join("\n\n"),
    tags: ["OAuth"],
    security: CLIENT_AUTH,
    request: { body: formAndJson(TokenParameter) },
    responses: {
      200: response("Revoked (or nothing to revoke). Empty body.", undefined, ["Cache-Control", "Pragma"]),
      ...oauthErrors,
    },
  });
  registry.registerPath({
    method: "post",
    path: "/v1/auth/introspect",
    operationId: "introspectToken",
    summary: "Introspect an access token (RFC 7662)",
    description: [
      "For resource servers. Callers holding `admin` in the token's organization get the claims (scope cut to the key's current scopes); everyone else, and every inactive, foreign, revoked, expired or forged token, gets exactly `{\"active\":false}`.",
      CLIENT_AUTH_TEXT,
    ].join("\n\n"),
    tags: ["OAuth"],
    security: CLIENT_AUTH,
    request: { body: formAndJson(TokenParameter) },
    responses: {
      200: response("The token's state.", IntrospectionResponse, ["Cache-Control", "Pragma"]),
      ...oauthErrors,
    },
  });
  registry.registerPath({
    method: "get",
    path: "/.well-known/jwks.json",
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
  });
  registry.registerPath({
    method: "get",
    path: "/.well-known/oauth-authorization-server",
    operationId: "getAuthorizationServerMetadata",
    summary: "Authorization server metadata (RFC 8414)",
    tags: ["OAuth"],
    security: [],
    responses: { 200: response("The metadata (`Cache-Control: public, max-age=300`).", AuthorizationServerMetadata) },
  });
}

// ---------------------------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------------------------

for (const schema of [CreateAgentInput, UpdateAgentInput, CreateIntegrationInput]) nameRecursiveJson(schema);

/** The OpenAPI 3.1 document for an app served at `appUrl` (its `APP_URL`). */
export function buildOpenApiDocument(appUrl: string): OpenApiDocument {
  const base = appUrl.replace(/\/+$/, "");
  const registry = new OpenAPIRegistry();
  for (const [name, value] of Object.entries(HEADERS)) registry.registerComponent("headers", name, value);
  registry.registerComponent("securitySchemes", "OAuth2", {
    type: "oauth2",
    description: "Client credentials grant with an API key's Client ID and Client Secret (Settings > API Credentials).",
    flows: {
      clientCredentials: {
        tokenUrl: `${base}/v1/auth/token`,
        scopes: Object.fromEntries(CREDENTIAL_SCOPES.map((s) => [s.scope, s.description])),
      },
    },
  });
  registry.registerComponent("securitySchemes", "BearerAuth", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "An access token from `POST /v1/auth/token`, as `Authorization: Bearer <access_token>` (never in the query string).",
  });
  registry.registerComponent("securitySchemes", "ClientSecretBasic", {
    type: "http",
    scheme: "basic",
    description: "`client_secret_basic`: the Client ID as user name and the Client Secret as password.",
  });
  registerOAuthRoutes(registry);
  registerApiRoutes(registry);

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: OPENAPI_VERSION,
    info: {
      title: "WorkFlux API",
      version: API_VERSION,
      description:
        "The WorkFlux platform API and its OAuth 2.0 token service. Get a token with the client credentials grant at `POST /v1/auth/token` using an API key from **Settings > API Credentials**, then call `/v1/*` with `Authorization: Bearer <access_token>`. `admin` grants every scope.",
    },
    servers: [{ url: base }],
    tags: [
      { name: "OAuth", description: "Token service (RFC 6749, 7009, 7662, 8414)." },
      { name: "Agents" },
      { name: "Analytics" },
      { name: "Integrations" },
    ],
  });
  return withSharedResponses(document);
}

// The registry takes raw components only, so the shared responses (zod content) are generated
// through a throwaway registry, one pseudo-path whose "status codes" are their names.
function withSharedResponses(document: OpenApiDocument): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerPath({ method: "get", path: "/shared", responses: API_RESPONSES });
  const generated = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: OPENAPI_VERSION,
    info: { title: "shared", version: API_VERSION },
  });
  const components = (document.components ??= {});
  components.responses = { ...components.responses, ...generated.paths?.["/shared"]?.get?.responses };
  components.schemas = { ...generated.components?.schemas, ...components.schemas };
  // z.json() comes out as a union whose members repeat `null` (so `oneOf` would refuse a null):
  // "any JSON value" is the empty schema. And the refine of UpdateAgentInput, spelled out.
  components.schemas.JsonValue = { description: "Any JSON value." };
  const update = components.schemas.UpdateAgentInput;
  if (update && !("$ref" in update)) update.minProperties = 1;
  return document;
}

const cache = new Map<string, string>();

/** The document as JSON text, built once per URL. */
export function openApiJson(appUrl: string): string {
  let text = cache.get(appUrl);
  if (!text) {
    text = JSON.stringify(buildOpenApiDocument(appUrl), null, 2);
    cache.set(appUrl, text);
  }
  return text;
}
