// The platform API's routes: one table of (method, path pattern, scope, handler), served both by
// the Next route handlers under app/v1 and by server.ts's fast path. Every answer is JSON, never
// HTML or a stack trace; every request by a known key is counted for its usage and anomalies.
import { z } from "zod";
import { getOrgUsage, UsageQuery } from "../analytics/usage";
import { isClientDataError } from "../db/pg-error";
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from "../agents/agents";
import { CreateAgentInput, UpdateAgentInput } from "../agents/schemas";
import { AppError, isAppError } from "../errors";
import { createIntegration, deleteIntegration, listIntegrations } from "../integrations/integrations";
import { CreateIntegrationInput } from "../integrations/schemas";
import { metrics } from "../metrics/metrics";
import type { OAuthRequest } from "../oauth/oauth-request";
import { jsonResponse, type OAuthResponse } from "../oauth/oauth-response";
import type { ApiContext } from "./api-context";
import { guardApiRequest } from "./guard";
import { PageQuery } from "../pagination/id-cursor";
import type { CredentialActor } from "../authz/actor";

export type ApiRequest = OAuthRequest & { path: string };

class BadRequest extends Error {
  constructor(
    message: string,
    readonly details?: Record<string, string[]>,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Handler = (
  principal: CredentialActor,
  request: ApiRequest,
  params: Record<string, string>,
) => Promise<{ status: number; body: unknown }>;
type Route = { method: string; pattern: string; scope: string; handler: Handler };

function details(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return out;
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new BadRequest("The request is invalid; see details.", details(parsed.error));
  return parsed.data;
}

function jsonBody(request: ApiRequest): unknown {
  if (request.bodyTooLarge) throw new BadRequest("The request body is too large.", undefined, 413);
  if (!/^application\/json\s*(;|$)/i.test(request.contentType ?? "")) {
    throw new BadRequest("Send a JSON body with Content-Type: application/json.", undefined, 415);
  }
  try {
    return JSON.parse(Buffer.from(request.body).toString("utf8"));
  } catch {
    throw new BadRequest("The request body is not valid JSON.");
  }
}

function query(request: ApiRequest): Record<string, string> {
  const params = new URLSearchParams(request.query);
  const out: Record<string, string> = {};
  for (const [name, value] of params) {
    if (name in out) throw new BadRequest(`The query parameter ${name} is repeated.`);
    out[name] = value;
  }
  return out;
}

// A malformed id names nothing: 404, like an id of another organization.
function id(params: Record<string, string>): string {
  const parsed = z.uuid().safeParse(params.id);
  if (!parsed.success) throw new AppError("not_found", "No such resource.");
  return parsed.data;
}

export const API_ROUTES: Route[] = [
  {
    method: "GET",
    pattern: "/v1/agents",
    scope: "read:agents",
    handler: async (p, r) => ({ status: 200, body: await listAgents(p, parse(PageQuery, query(r))) }),
  },
  {
    method: "POST",
    pattern: "/v1/agents",
    scope: "write:agents",
    handler: async (p, r) => ({ status: 201, body: await createAgent(p, parse(CreateAgentInput, jsonBody(r))) }),
  },
  {
    method: "GET",
    pattern: "/v1/agents/:id",
    scope: "read:agents",
    handler: async (p, _r, params) => ({ status: 200, body: await getAgent(p, id(params)) }),
  },
  {
    method: "PATCH",
    pattern: "/v1/agents/:id",
    scope: "write:agents",
    handler: async (p, r, params) => ({
      status: 200,
      body: await updateAgent(p, id(params), parse(UpdateAgentInput, jsonBody(r))),
    }),
  },
  {
    method: "DELETE",
    pattern: "/v1/agents/:id",
    scope: "write:agents",
    handler: async (p, _r, params) => (await deleteAgent(p, id(params)), { status: 204, body: null }),
  },
  {
    method: "GET",
    pattern: "/v1/analytics/usage",
    scope: "read:analytics",
    // Environments partition analytics too: a key sees the usage of its environment's keys.
    handler: async (p, r) => ({
      status: 200,
      body: await getOrgUsage(p.orgId, { ...parse(UsageQuery, query(r)), environment: p.environment }),
    }),
  },
  {
    method: "GET",
    pattern: "/v1/integrations",
    scope: "write:integrations",
    handler: async (p, r) => ({ status: 200, body: await listIntegrations(p, parse(PageQuery, query(r))) }),
  },
  {
    method: "POST",
    pattern: "/v1/integrations",
    scope: "write:integrations",
    handler: async (p, r) => ({
      status: 201,
      body: await createIntegration(p, parse(CreateIntegrationInput, jsonBody(r))),
    }),
  },
  {
    method: "DELETE",
    pattern: "/v1/integrations/:id",
    scope: "write:integrations",
    handler: async (p, _r, params) => (await deleteIntegration(p, id(params)), { status: 204, body: null }),
  },
];

/** Registers more routes (e.g. analytics) without this module importing them. */
export function registerApiRoute(route: Route): void {
  if (!API_ROUTES.some((r) => r.method === route.method && r.pattern === route.pattern)) API_ROUTES.push(route);
}

function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (!want[i]!.startsWith(":")) {
      if (want[i] !== got[i]) return null;
      continue;
    }
    try {
      params[want[i]!.slice(1)] = decodeURIComponent(got[i]!);
    } catch {
      return null;
    }
  }
  return params;
}

const notFound = () => jsonResponse(404, { error: "not_found", error_description: "No such resource." });

export async function dispatchApiRequest(request: ApiRequest, ctx: ApiContext): Promise<OAuthResponse> {
  const path = request.path.replace(/\/+$/, "") || "/";
  const candidates = API_ROUTES.map((route) => ({ route, params: match(route.pattern, path) })).filter((c) => c.params);
  if (candidates.length === 0) return notFound();
  const found = candidates.find((c) => c.route.method === request.method);
  if (!found) {
    const allow = candidates.map((c) => c.route.method).join(", ");
    return jsonResponse(405, { error: "method_not_allowed", error_description: `Use ${allow}.` }, { Allow: allow });
  }
  const { route, params } = found;
  const guard = await guardApiRequest(request, route.scope, ctx);
  const response = guard.ok ? await run(route, guard.principal, request, params!, guard.headers, ctx) : guard.response;
  if (!guard.ok) metrics().apiRefusals.inc({ status: String(response.status) });
  const key = guard.ok
    ? { id: guard.principal.credentialId, orgId: guard.principal.orgId, clientId: guard.principal.clientId }
    : guard.apiKey;
  if (key) {
    ctx.activity.apiRequest({
      apiKeyId: key.id,
      orgId: key.orgId,
      clientId: key.clientId,
      at: ctx.now(),
      ip: request.clientIp,
      userAgent: request.userAgent ?? null,
      route: `${route.method} ${route.pattern}`,
      status: response.status,
    });
  }
  return response;
}

async function run(
  route: Route,
  principal: CredentialActor,
  request: ApiRequest,
  params: Record<string, string>,
  headers: Record<string, string>,
  ctx: ApiContext,
): Promise<OAuthResponse> {
  try {
    const { status, body } = await route.handler(principal, request, params);
    const response = jsonResponse(status, body, headers);
    return status === 204 ? { ...response, body: "" } : response;
  } catch (error) {
    if (error instanceof BadRequest) {
      return jsonResponse(
        error.status,
        {
          error: "invalid_request",
          error_description: error.message,
          ...(error.details ? { details: error.details } : {}),
        },
        headers,
      );
    }
    if (isAppError(error)) {
      const code = error.code === "invalid_input" ? "invalid_request" : error.code;
      return jsonResponse(
        error.status === 422 ? 400 : error.status,
        { error: code, error_description: error.message },
        headers,
      );
    }
    // Last line of defence behind the schemas: data PostgreSQL refuses (a NUL, year 0000) is the
    // client's mistake, answered 400 without echoing the database's message.
    if (isClientDataError(error)) {
      ctx.log.warn(
        { err: error, route: `${route.method} ${route.pattern}` },
        "api request refused by the database as invalid data",
      );
      return jsonResponse(
        400,
        {
          error: "invalid_request",
          error_description:
            "The request holds a value that cannot be stored (e.g. a NUL character or an out-of-range date).",
        },
        headers,
      );
    }
    ctx.log.error({ err: error, route: `${route.method} ${route.pattern}` }, "api request failed");
    return jsonResponse(500, { error: "server_error", error_description: "Something went wrong. Try again." }, headers);
  }
}

/** server.ts: a fast-path handler for /v1 resource paths (the OAuth paths are matched first). */
export function apiFastPathHandler(
  url: string | undefined,
  ctx: ApiContext,
): ((request: OAuthRequest) => Promise<OAuthResponse>) | undefined {
  if (!url?.startsWith("/v1/")) return undefined;
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  return (request) => dispatchApiRequest({ ...request, path }, ctx);
}

/** The route pattern for a /v1 path (a metrics label), or null when no route matches. */
export function apiRoutePattern(path: string): string | null {
  const trimmed = path.replace(/\/+$/, "") || "/";
  return API_ROUTES.find((route) => match(route.pattern, trimmed))?.pattern ?? null;
}
