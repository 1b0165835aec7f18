// The route table: every endpoint answered outside Next's pages, in one list. The fast door
// (server.ts → node-adapter.ts), the portable door (the catch-all route handlers under app/v1 and
// app/.well-known, and the operations routes) and the OpenAPI document are all derived from it, so
// adding an endpoint is one entry in its family's file.
import { API_ROUTES } from "../api/routes";
import { OAUTH_ROUTES } from "../oauth/routes";
import { OPS_ROUTES } from "./ops-routes";
import { RouteMatcher, type Route } from "./route";

export const ROUTES: readonly Route[] = [...OAUTH_ROUTES, ...API_ROUTES, ...OPS_ROUTES];

export const ROUTE_MATCHER = new RouteMatcher(ROUTES);

const OPS_PATHS = new Set(OPS_ROUTES.map((route) => route.path));

/** Is this path the route table's (answered by `dispatch`, a 404 included), not a Next page's? */
export function ownsPath(path: string): boolean {
  return path.startsWith("/v1/") || path.startsWith("/.well-known/") || OPS_PATHS.has(path);
}

/** The route pattern for a metrics label (never the raw path), or null outside the table. */
export function routeLabel(path: string): string | null {
  if (!ownsPath(path)) return null;
  return ROUTE_MATCHER.match(path)?.pattern ?? (path.startsWith("/v1/") ? "/v1/*" : "/.well-known/*");
}
