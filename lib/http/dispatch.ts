// The one dispatcher both doors call with a request's parts: it finds the route in the table
// (routes.ts) and answers what no handler answers (404, 405) the same way for both. Every answer
// outside the OAuth endpoints (which write their own, richer line) gets one request log line.
import { AppError } from "../errors";
import type { Runtime } from "../runtime/start-runtime";
import { envelopeResponse, INTERNAL_ERROR } from "./error-envelope";
import type { RequestParts, ResponseParts } from "./request-parts";
import type { Method, Route } from "./route";
import { ROUTE_MATCHER } from "./routes";

const NOT_FOUND = new AppError("not_found", "No such resource.");

export async function dispatch(request: RequestParts, runtime: Runtime): Promise<ResponseParts> {
  const started = performance.now();
  const match = ROUTE_MATCHER.match(request.path);
  if (!match || match.routes[0]!.family !== "oauth") {
    const response = await answer(request, runtime, match);
    runtime.requestLog.info(
      {
        request_id: request.requestId,
        method: request.method,
        route: match ? match.routes[0]!.path : "unmatched",
        status: response.status,
        ms: Math.round((performance.now() - started) * 100) / 100,
        ip: request.clientIp,
      },
      "api request",
    );
    return response;
  }
  return answer(request, runtime, match);
}

async function answer(
  request: RequestParts,
  runtime: Runtime,
  match: ReturnType<typeof ROUTE_MATCHER.match>,
): Promise<ResponseParts> {
  if (!match) return envelopeResponse(NOT_FOUND);
  const { routes, params } = match;
  const family = routes[0]!.family;
  // The OAuth endpoints answer every method themselves (RFC 6749 bodies, one log line each).
  const method = family === "ops" && request.method === "HEAD" ? "GET" : request.method;
  const route = family === "oauth" ? routes[0]! : routes.find((r) => r.method === (method as Method));
  if (!route) return methodNotAllowed(routes);
  try {
    return await route.handle({ ...request, params }, runtime);
  } catch (error) {
    runtime.log.error({ err: error, route: `${route.method} ${route.path}` }, "request failed");
    return envelopeResponse(INTERNAL_ERROR);
  }
}

function methodNotAllowed(routes: Route[]): ResponseParts {
  const methods = routes.map((r) => r.method);
  if (routes[0]!.family === "ops") methods.push("HEAD" as Method);
  const allow = methods.join(", ");
  return envelopeResponse(new AppError("method_not_allowed", `Use ${allow}.`), { Allow: allow });
}
