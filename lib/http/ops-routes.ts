// The operations endpoints of the route table: liveness, readiness, Prometheus metrics and the
// OpenAPI document. Answered like every other table route in both doors; not in the document.
import path from "node:path";
import { checkReadiness } from "../health/readiness";
import { metricsAllowed, metricsResponse } from "../metrics/metrics-endpoint";
import { pingRedis } from "../rate-limit/limiter-store";
import { jsonParts } from "./error-envelope";
import type { Route } from "./route";

export const OPS_ROUTES: Route[] = [
  {
    method: "GET",
    path: "/healthz",
    family: "ops",
    doc: null,
    // Liveness: the process answers; nothing else is touched.
    handle: async () => jsonParts(200, { status: "ok" }),
  },
  {
    method: "GET",
    path: "/readyz",
    family: "ops",
    doc: null,
    handle: async (_request, runtime) => {
      const readiness = await checkReadiness(runtime.db, {
        migrationsDir: path.resolve(/*turbopackIgnore: true*/ "prisma/migrations"),
        signingKeyLoaded: () => runtime.signingKeys.current() !== undefined,
        redisPing: runtime.redis ? () => pingRedis(runtime.redis) : undefined,
      });
      return jsonParts(readiness.status === "ok" ? 200 : 503, readiness);
    },
  },
  {
    method: "GET",
    path: "/metrics",
    family: "ops",
    doc: null,
    handle: async (request, runtime) => {
      // Behind a proxy every request comes from loopback: then only METRICS_TOKEN opens it.
      const allowed = metricsAllowed({
        token: runtime.env.METRICS_TOKEN,
        authorization: request.authorization,
        socketAddress: runtime.env.TRUST_PROXY ? undefined : request.peerAddress,
      });
      return metricsResponse(allowed, runtime.metrics);
    },
  },
  {
    method: "GET",
    path: "/openapi.json",
    family: "ops",
    doc: null,
    handle: async (_request, runtime) => {
      // Imported on first use: the document is built from the table this file is part of.
      const { openApiJson } = await import("../openapi/document");
      return {
        status: 200,
        headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "public, max-age=300" },
        body: openApiJson(runtime.env.APP_URL),
      };
    },
  },
];
