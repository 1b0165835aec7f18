// The OpenAPI document (lib/openapi/document.ts), generated from the route table: OpenAPI 3.1 in
// shape, every platform route present with its scope, every route of the table with a description
// and nothing else, and the OAuth endpoints as the README describes them.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { apiRoute } from "@/lib/api/api-route";
import { CREDENTIAL_SCOPES } from "@/lib/credentials/scopes";
import type { Route } from "@/lib/http/route";
import { ROUTES } from "@/lib/http/routes";
import { buildOpenApiDocument, openApiJson, openApiPath } from "@/lib/openapi/document";

const APP_URL = "https://portal.example.test";
const doc = buildOpenApiDocument(`${APP_URL}/`);
type Json = Record<string, unknown>;
type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, Json>;
  requestBody?: { content: Record<string, { schema: Json }> };
  description?: string;
};
const operation = (method: string, path: string) =>
  (doc.paths?.[path] as Record<string, Operation> | undefined)?.[method.toLowerCase()];
const API_ROUTES = ROUTES.filter((route) => route.family === "api");
/** `METHOD /path/{param}` of every operation in a document. */
const operationsOf = (document: typeof doc) =>
  Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.keys(item as Json).map((method) => `${method.toUpperCase()} ${path}`),
  );

/** Follows a local `$ref` (`#/components/...`). */
function resolve<T = Json>(value: unknown): T {
  const ref = (value as { $ref?: string }).$ref;
  if (!ref) return value as T;
  return ref
    .slice(2)
    .split("/")
    .reduce<unknown>((node, key) => (node as Json)[key], doc) as T;
}

/** Every `$ref` in the document. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => refs(n, out));
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else refs(value, out);
    }
  }
  return out;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with info, servers and paths", () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(doc.info.title).toBeTruthy();
    expect(doc.info.version).toBeTruthy();
    expect(doc.servers).toEqual([{ url: APP_URL }]);
    expect(Object.keys(doc.paths ?? {}).length).toBeGreaterThan(0);
    for (const path of Object.keys(doc.paths ?? {})) expect(path).toMatch(/^\/[^:]*$/);
  });

  it("resolves every $ref to a component", () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(0);
    for (const ref of new Set(all)) {
      expect(ref, ref).toMatch(/^#\/components\/(schemas|responses|headers|parameters)\/[^/]+$/);
      expect(resolve({ $ref: ref }), ref).toBeDefined();
    }
  });

  it("has unique operation ids", () => {
    const ids = Object.values(doc.paths ?? {}).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
    );
    expect(ids.every(Boolean)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("declares OAuth2 client credentials with the token URL and the five scopes, and bearer JWT", () => {
    const schemes = doc.components?.securitySchemes as unknown as Record<string, Json>;
    expect(schemes.OAuth2).toMatchObject({
      type: "oauth2",
      flows: {
        clientCredentials: {
          tokenUrl: `${APP_URL}/v1/auth/token`,
          scopes: Object.fromEntries(CREDENTIAL_SCOPES.map((s) => [s.scope, s.description])),
        },
      },
    });
    expect(
      Object.keys(
        (schemes.OAuth2 as { flows: { clientCredentials: { scopes: Json } } }).flows.clientCredentials.scopes,
      ),
    ).toEqual(["read:agents", "write:agents", "read:analytics", "write:integrations", "admin"]);
    expect(schemes.BearerAuth).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
  });

  it("documents every API route of the table with its scope and the RFC 6750 answers", () => {
    expect(API_ROUTES.length).toBeGreaterThan(0);
    for (const route of API_ROUTES) {
      const label = `${route.method} ${route.path}`;
      const op = operation(route.method, openApiPath(route.path));
      expect(op, label).toBeDefined();
      expect(route.scope, label).toBeTruthy();
      expect(op!.security).toEqual([{ OAuth2: [route.scope] }, { BearerAuth: [route.scope] }]);
      for (const status of ["400", "401", "403", "429", "503"])
        expect(op!.responses[status], `${label} ${status}`).toBeDefined();
      expect(Object.keys(resolve<{ headers: Json }>(op!.responses["401"]).headers)).toContain("WWW-Authenticate");
      expect(Object.keys(resolve<{ headers: Json }>(op!.responses["403"]).headers)).toContain("WWW-Authenticate");
      expect(Object.keys(resolve<{ headers: Json }>(op!.responses["429"]).headers)).toEqual(
        expect.arrayContaining(["Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"]),
      );
      expect(Object.keys(resolve<{ headers: Json }>(op!.responses["503"]).headers)).toContain("Retry-After");
      if (route.path.includes(":id")) expect(op!.responses["404"], label).toBeDefined();
      if (op!.requestBody) {
        expect(op!.responses["413"], label).toBeDefined();
        expect(op!.responses["415"], label).toBeDefined();
      }
    }
  });

  it("leaves no /v1 or /.well-known route undocumented, and documents nothing the table does not have", () => {
    for (const route of ROUTES) {
      const label = `${route.method} ${route.path}`;
      // Every endpoint of the API and the token service describes itself; only operations ones do not.
      if (route.family !== "ops") expect(route.doc, label).not.toBeNull();
      if (route.path.startsWith("/v1/") || route.path.startsWith("/.well-known/"))
        expect(route.family, label).not.toBe("ops");
      const op = operation(route.method, openApiPath(route.path)) as { operationId?: string } | undefined;
      if (route.doc) expect(op?.operationId, label).toBe(route.doc.operationId);
      else expect(op, label).toBeUndefined();
    }
    // Exactly the described routes: none missing, no stale entry for a route that no longer exists.
    expect(operationsOf(doc).sort()).toEqual(
      ROUTES.filter((route) => route.doc !== null)
        .map((route) => `${route.method} ${openApiPath(route.path)}`)
        .sort(),
    );
    for (const path of ["/healthz", "/readyz", "/metrics", "/openapi.json"]) expect(doc.paths?.[path]).toBeUndefined();
  });

  it("lists a route added to the table it is given, with its scope, and leaves out one without a description", () => {
    const widget = apiRoute({
      method: "GET",
      path: "/v1/widgets/:id",
      scope: "admin",
      run: async () => ({ status: 200, body: null }),
      doc: {
        operationId: "getWidget",
        summary: "Get a widget",
        tags: ["Widgets"],
        responses: {
          200: { description: "The widget.", content: { "application/json": { schema: z.object({ id: z.uuid() }) } } },
        },
        notFound: true,
      },
    });
    const hidden: Route = { ...widget, method: "DELETE", doc: null };
    const extended = buildOpenApiDocument(APP_URL, [...ROUTES, widget, hidden]);
    const item = extended.paths?.["/v1/widgets/{id}"] as Record<string, Operation & Json> | undefined;
    const op = item?.get;
    expect(op?.operationId).toBe("getWidget");
    expect(op?.security).toEqual([{ OAuth2: ["admin"] }, { BearerAuth: ["admin"] }]);
    expect(op?.["x-required-scope"]).toBe("admin");
    for (const status of ["200", "400", "401", "403", "404", "429", "503"])
      expect(op?.responses[status], status).toBeDefined();
    expect(
      (op as unknown as { parameters: { name: string; in: string }[] }).parameters.map((p) => `${p.in}:${p.name}`),
    ).toEqual(["path:id"]);
    expect(item?.delete).toBeUndefined();
    expect(extended.tags?.map((tag) => tag.name)).toContain("Widgets");
    expect(operationsOf(extended).sort()).toEqual([...operationsOf(doc), "GET /v1/widgets/{id}"].sort());
    // The table passed in is the whole source: the default document has no such route.
    expect(doc.paths?.["/v1/widgets/{id}"]).toBeUndefined();
    expect(buildOpenApiDocument(APP_URL, [widget]).paths).toEqual({
      "/v1/widgets/{id}": extended.paths?.["/v1/widgets/{id}"],
    });
  });

  it("describes 400 invalid_request with per-field details, in the JSON envelope the API sends", () => {
    const badRequest = resolve<{ content: { "application/json": { schema: unknown } } }>(
      operation("POST", "/v1/agents")!.responses["400"],
    );
    const schema = resolve<{ properties: { error: { properties: Json; required: string[] } }; required: string[] }>(
      badRequest.content["application/json"].schema,
    );
    expect(Object.keys(schema.properties)).toEqual(["error"]);
    expect(schema.required).toEqual(["error"]);
    expect(Object.keys(schema.properties.error.properties)).toEqual(
      expect.arrayContaining(["code", "message", "details"]),
    );
    expect(schema.properties.error.required).toEqual(expect.arrayContaining(["code", "message"]));
  });

  it("takes request schemas from the routes' zod schemas", () => {
    const create = resolve<{ properties: Json; required: string[]; additionalProperties: boolean }>(
      operation("POST", "/v1/agents")!.requestBody!.content["application/json"]!.schema,
    );
    expect(Object.keys(create.properties)).toEqual(["name", "description", "status", "config"]);
    expect(create.required).toEqual(["name"]);
    expect(create.additionalProperties).toBe(false);
    const list = operation("GET", "/v1/agents") as unknown as { parameters: { name: string; in: string }[] };
    expect(list.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(["query:limit", "query:cursor"]);
    const usage = operation("GET", "/v1/analytics/usage") as unknown as { parameters: { name: string }[] };
    expect(usage.parameters.map((p) => p.name)).toEqual(["from", "to"]);
  });

  it("documents the token endpoint: JSON and form bodies, both client auth methods, §5.2 errors and 429", () => {
    const token = operation("POST", "/v1/auth/token")!;
    expect(Object.keys(token.requestBody!.content).sort()).toEqual([
      "application/json",
      "application/x-www-form-urlencoded",
    ]);
    expect(token.security).toEqual([{ ClientSecretBasic: [] }, {}]);
    expect((doc.components?.securitySchemes as unknown as Record<string, Json>).ClientSecretBasic).toMatchObject({
      type: "http",
      scheme: "basic",
    });
    expect(token.description).toContain("client_secret_basic");
    expect(token.description).toContain("client_secret_post");
    const body = resolve<{ properties: Json; required: string[] }>(
      token.requestBody!.content["application/json"]!.schema,
    );
    expect(Object.keys(body.properties)).toEqual(
      expect.arrayContaining(["grant_type", "scope", "client_id", "client_secret"]),
    );
    expect(body.required).toEqual(["grant_type"]);

    const ok = resolve<{ content: { "application/json": { schema: unknown } } }>(token.responses["200"]);
    expect(Object.keys(resolve<{ properties: Json }>(ok.content["application/json"].schema).properties)).toEqual([
      "access_token",
      "token_type",
      "expires_in",
      "scope",
    ]);

    for (const status of ["400", "401", "429", "503"]) {
      const answer = resolve<{ content: { "application/json": { schema: unknown } } }>(token.responses[status]);
      const error = resolve<{ properties: { error: { enum: string[] } }; required: string[] }>(
        answer.content["application/json"].schema,
      );
      expect(error.required).toEqual(["error", "error_description"]);
      expect(error.properties.error.enum).toEqual(
        expect.arrayContaining(["invalid_request", "invalid_client", "unsupported_grant_type", "invalid_scope"]),
      );
    }
    expect(Object.keys(resolve<{ headers: Json }>(token.responses["429"]).headers)).toContain("Retry-After");
    expect(Object.keys(resolve<{ headers: Json }>(token.responses["401"]).headers)).toContain("WWW-Authenticate");
  });

  it("covers revocation, introspection, the JWKS and the server metadata", () => {
    for (const path of ["/v1/auth/revoke", "/v1/auth/introspect"]) {
      const op = operation("POST", path)!;
      expect(op.security).toEqual([{ ClientSecretBasic: [] }, {}]);
      expect(op.responses["401"]).toBeDefined();
    }
    expect(operation("GET", "/.well-known/jwks.json")!.responses["200"]).toBeDefined();
    expect(operation("GET", "/.well-known/oauth-authorization-server")!.responses["200"]).toBeDefined();
  });

  it("is plain JSON, and the same for the same URL", () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(buildOpenApiDocument(APP_URL)).toEqual(doc);
    expect(JSON.parse(openApiJson(APP_URL))).toEqual(doc);
    expect(openApiJson(APP_URL)).toBe(openApiJson(APP_URL));
  });
});
