// How a route of the table (lib/http/routes.ts) describes itself in the OpenAPI document. API routes
// get their scope's security, the shared error responses and their body's 413/415 added by the
// generator (document.ts); OAuth routes list every response themselves.
import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";

export type RouteDoc = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  request?: RouteConfig["request"];
  /** Success answers (and, for OAuth routes, every error answer). */
  responses: Record<number, ResponseConfig | { $ref: string }>;
  security?: RouteConfig["security"];
  /** Vendor extensions (`x-…`). */
  extensions?: Record<string, unknown>;
  /** API routes whose id may name nothing visible to the caller: add the 404 answer. */
  notFound?: boolean;
};
