// Prometheus metrics (prom-client), one registry per process on globalThis: Next bundles modules
// more than once, and server.ts has its own copy, yet all must count into the same series.
// Labels are route patterns and small enums only, never raw paths, ids or client ids.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

type Metrics = {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  oauthRequests: Counter<"endpoint" | "outcome" | "reason">;
  apiRefusals: Counter<"status">;
  revocations: Counter<"kind">;
};

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests by route pattern, method and status",
      labelNames: ["route", "method", "status"],
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by route pattern and method",
      labelNames: ["route", "method"],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    oauthRequests: new Counter({
      name: "oauth_requests_total",
      help: "OAuth endpoint requests by endpoint, outcome and reason code (token issuance, failures, rate limiting)",
      labelNames: ["endpoint", "outcome", "reason"],
      registers: [registry],
    }),
    apiRefusals: new Counter({
      name: "api_refusals_total",
      help: "Platform API requests refused by the guard, by status (401, 403, 429, 503)",
      labelNames: ["status"],
      registers: [registry],
    }),
    revocations: new Counter({
      name: "revocations_total",
      help: "Revocations by kind (credential, token)",
      labelNames: ["kind"],
      registers: [registry],
    }),
  };
}

const globalForMetrics = globalThis as unknown as { __workfluxMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.__workfluxMetrics ??= create();
  return globalForMetrics.__workfluxMetrics;
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  const { registry } = metrics();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
