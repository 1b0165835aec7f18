// What one endpoint of the route table is (routes.ts): method, path pattern, family, handler and
// its OpenAPI description. The families differ in how they answer what no handler answers: the
// OAuth endpoints answer every method themselves (RFC 6749 errors, logged per request), the API
// and operations endpoints get the JSON envelope's 404 and 405 from the dispatcher.
import type { RouteDoc } from "../openapi/route-doc";
import type { Runtime } from "../runtime/start-runtime";
import type { RequestParts, ResponseParts } from "./request-parts";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type RouteFamily = "oauth" | "api" | "ops";

export type RouteRequest = RequestParts & { params: Record<string, string> };

export type Route = {
  method: Method;
  /** `/v1/agents/:id`: literal segments and `:name` parameters. */
  path: string;
  family: RouteFamily;
  /** API routes: the scope the access token needs (`admin` implies every scope). */
  scope?: string;
  handle(request: RouteRequest, runtime: Runtime): Promise<ResponseParts>;
  /** Its OpenAPI description; null for operations endpoints, which the document leaves out. */
  doc: RouteDoc | null;
};

type Compiled = { segments: string[]; routes: Route[] };

export type RouteMatch = { routes: Route[]; params: Record<string, string>; pattern: string };

/** Exact paths in a map (the token endpoint's lookup is one hash), patterns in a list. */
export class RouteMatcher {
  private readonly exact = new Map<string, Route[]>();
  private readonly patterns: Compiled[] = [];

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      if (!route.path.includes(":")) {
        this.exact.set(route.path, [...(this.exact.get(route.path) ?? []), route]);
        continue;
      }
      const segments = route.path.split("/");
      const existing = this.patterns.find((p) => p.segments.join("/") === route.path);
      if (existing) existing.routes.push(route);
      else this.patterns.push({ segments, routes: [route] });
    }
  }

  /** Every route of this path (any method), or null. A trailing slash names the same resource. */
  match(rawPath: string): RouteMatch | null {
    const path = rawPath.length > 1 && rawPath.endsWith("/") ? rawPath.replace(/\/+$/, "") || "/" : rawPath;
    const exact = this.exact.get(path);
    if (exact) return { routes: exact, params: {}, pattern: path };
    const got = path.split("/");
    for (const { segments, routes } of this.patterns) {
      const params = matchSegments(segments, got);
      if (params) return { routes, params, pattern: routes[0]!.path };
    }
    return null;
  }
}

function matchSegments(want: string[], got: string[]): Record<string, string> | null {
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const segment = want[i]!;
    if (!segment.startsWith(":")) {
      if (segment !== got[i]) return null;
      continue;
    }
    try {
      params[segment.slice(1)] = decodeURIComponent(got[i]!);
    } catch {
      return null;
    }
  }
  return params;
}
