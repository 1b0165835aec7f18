// The OpenAPI 3.1 document behind GET /openapi.json, /docs and `npm run openapi`, generated from
// the route table (lib/http/routes.ts): every route with a description appears, with the very zod
// schemas its handler parses with. API routes get their scope's security and the shared error
// answers here; OAuth routes list theirs themselves.
import {
  OpenAPIRegistry,
  OpenApiGeneratorV31,
  zodToOpenAPIRegistry,
  type ResponseConfig,
  type RouteConfig,
} from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { CreateAgentInput, UpdateAgentInput } from "../agents/schemas";
import { CREDENTIAL_SCOPES } from "../credentials/scopes";
import type { Route } from "../http/route";
import { ROUTES } from "../http/routes";
import { CreateIntegrationInput } from "../integrations/schemas";
import { HEADERS, ref, SHARED_RESPONSES } from "./components";

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;
type Method = RouteConfig["method"];

export const OPENAPI_VERSION = "3.1.0";
export const API_VERSION = "1.0.0";

// z.json() is a recursive z.lazy; the generator needs a name for it or it recurses forever. The
// name goes into the generator's own metadata registry (what `.openapi("JsonValue")` would do),
// so the shared schemas themselves are left as they are.
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
  if (def.type === "object") {
    for (const value of Object.values(def.shape as Record<string, unknown>)) {
      if (isSchema(value)) nameRecursiveJson(value, seen);
    }
  }
}

for (const schema of [CreateAgentInput, UpdateAgentInput, CreateIntegrationInput]) nameRecursiveJson(schema);

/** `/v1/agents/:id` → `/v1/agents/{id}`. */
export const openApiPath = (pattern: string) => pattern.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");

function apiResponses(route: Route): RouteConfig["responses"] {
  const doc = route.doc!;
  return {
    ...doc.responses,
    400: ref("BadRequest"),
    401: ref("Unauthorized"),
    403: ref("Forbidden"),
    ...(doc.notFound ? { 404: ref("NotFound") } : {}),
    ...(doc.request?.body ? { 413: ref("PayloadTooLarge"), 415: ref("UnsupportedMediaType") } : {}),
    429: ref("TooManyRequests"),
    503: ref("ServiceUnavailable"),
  } as RouteConfig["responses"];
}

function registerRoute(registry: OpenAPIRegistry, route: Route): void {
  const doc = route.doc;
  if (!doc) return;
  const request = { ...doc.request };
  const params = [...route.path.matchAll(/:([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
  if (params.length && !request.params)
    request.params = z.object(Object.fromEntries(params.map((p) => [p, z.string()])));
  const scope = route.family === "api" ? route.scope : undefined;
  registry.registerPath({
    method: route.method.toLowerCase() as Method,
    path: openApiPath(route.path),
    operationId: doc.operationId,
    summary: doc.summary,
    description: [doc.description, scope ? `Requires the \`${scope}\` scope (or \`admin\`).` : undefined]
      .filter(Boolean)
      .join("\n\n"),
    tags: doc.tags,
    // Either scheme carries the required scope (OpenAPI 3.1 allows role names for non-OAuth schemes).
    security: scope ? [{ OAuth2: [scope] }, { BearerAuth: [scope] }] : doc.security,
    ...(scope ? { "x-required-scope": scope } : {}),
    ...doc.extensions,
    request,
    responses: scope ? apiResponses(route) : (doc.responses as RouteConfig["responses"]),
  });
}

function registerComponents(registry: OpenAPIRegistry, base: string): void {
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
}

/** The OpenAPI 3.1 document for an app served at `appUrl` (its `APP_URL`), from `routes`. */
export function buildOpenApiDocument(appUrl: string, routes: readonly Route[] = ROUTES): OpenApiDocument {
  const base = appUrl.replace(/\/+$/, "");
  const registry = new OpenAPIRegistry();
  registerComponents(registry, base);
  for (const route of routes) registerRoute(registry, route);
  const tags = [...new Set(routes.flatMap((route) => route.doc?.tags ?? []))];
  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: OPENAPI_VERSION,
    info: {
      title: "WorkFlux API",
      version: API_VERSION,
      description:
        "The WorkFlux platform API and its OAuth 2.0 token service. Get a token with the client credentials grant at `POST /v1/auth/token` using an API key from **Settings > API Credentials**, then call `/v1/*` with `Authorization: Bearer <access_token>`. `admin` grants every scope.",
    },
    servers: [{ url: base }],
    tags: tags.map((name) =>
      name === "OAuth" ? { name, description: "Token service (RFC 6749, 7009, 7662, 8414)." } : { name },
    ),
  });
  return withSharedResponses(document);
}

// The registry takes raw components only, so the shared responses (zod content) are generated
// through a throwaway registry, one pseudo-path whose "status codes" are their names.
function withSharedResponses(document: OpenApiDocument): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  registry.registerPath({
    method: "get",
    path: "/shared",
    responses: SHARED_RESPONSES as unknown as Record<string, ResponseConfig>,
  });
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
