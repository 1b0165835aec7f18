// Prometheus metrics (prom-client), one registry per runtime: every bundle's copy of the code counts
// into the same series because they all reach it through the runtime. Labels are route patterns and
// small enums only, never raw paths, ids or client ids.
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import { getRuntime } from "../runtime/current";

export type Metrics = {
  registry: Registry;
  httpRequests: Counter<"route" | "method" | "status">;
  httpDuration: Histogram<"route" | "method">;
  oauthRequests: Counter<"endpoint" | "outcome" | "reason">;
  apiRefusals: Counter<"status">;
  revocations: Counter<"kind">;
  activityDropped: Counter<"kind">;
};

export function createMetrics({ processMetrics = true } = {}): Metrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry });
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
    activityDropped: new Counter({
      name: "activity_dropped_total",
      help: "Usage counts, last uses and audit events dropped because pending writes passed their bound (e.g. a long database outage)",
      labelNames: ["kind"],
      registers: [registry],
    }),
  };
}

/** The running runtime's metrics. */
export function metrics(): Metrics {
  return getRuntime().metrics;
}
