// A platform API entry of the route table: the guard first (token, credential state, scope, plan
// limit), then the handler with the credential as its actor, then the request counted for the
// credential's usage and anomalies. Every answer is JSON, never HTML or a stack trace.
import type { CredentialActor } from "../authz/actor";
import { isClientDataError } from "../db/pg-error";
import { AppError, isAppError } from "../errors";
import { envelopeResponse, INTERNAL_ERROR, jsonParts } from "../http/error-envelope";
import type { ResponseParts } from "../http/request-parts";
import type { Method, Route, RouteRequest } from "../http/route";
import type { RouteDoc } from "../openapi/route-doc";
import type { ApiContext } from "./api-context";
import { guardApiRequest } from "./guard";

type ApiHandler = (
  actor: CredentialActor,
  request: RouteRequest,
  ctx: ApiContext,
) => Promise<{ status: number; body: unknown }>;

const STORAGE_REFUSED = new AppError(
  "invalid_request",
  "The request holds a value that cannot be stored (e.g. a NUL character or an out-of-range date).",
);

export function apiRoute(definition: {
  method: Method;
  path: string;
  scope: string;
  doc: RouteDoc;
  run: ApiHandler;
}): Route {
  const { method, path, scope, doc, run } = definition;
  const label = `${method} ${path}`;
  return {
    method,
    path,
    family: "api",
    scope,
    doc,
    async handle(request, runtime) {
      const ctx = runtime.api;
      const guard = await guardApiRequest(request, scope, ctx);
      const response = guard.ok ? await answer(run, guard.actor, request, ctx, guard.headers, label) : guard.response;
      if (!guard.ok) ctx.metrics.apiRefusals.inc({ status: String(response.status) });
      const credential = guard.ok
        ? { id: guard.actor.credentialId, orgId: guard.actor.orgId, clientId: guard.actor.clientId }
        : guard.credential;
      if (credential) {
        ctx.activity.apiRequest({
          apiKeyId: credential.id,
          orgId: credential.orgId,
          clientId: credential.clientId,
          at: ctx.now(),
          ip: request.clientIp,
          userAgent: request.userAgent,
          route: label,
          status: response.status,
        });
      }
      return response;
    },
  };
}

async function answer(
  run: ApiHandler,
  actor: CredentialActor,
  request: RouteRequest,
  ctx: ApiContext,
  headers: Record<string, string>,
  label: string,
): Promise<ResponseParts> {
  try {
    const { status, body } = await run(actor, request, ctx);
    return status === 204 ? { ...jsonParts(204, null, headers), body: "" } : jsonParts(status, body, headers);
  } catch (error) {
    if (isAppError(error)) return envelopeResponse(error, headers);
    // Last line of defence behind the schemas: data PostgreSQL refuses (a NUL, year 0000) is the
    // client's mistake, answered 400 without echoing the database's message.
    if (isClientDataError(error)) {
      ctx.log.warn({ err: error, route: label }, "api request refused by the database as invalid data");
      return envelopeResponse(STORAGE_REFUSED, headers);
    }
    ctx.log.error({ err: error, route: label }, "api request failed");
    return envelopeResponse(INTERNAL_ERROR, headers);
  }
}
