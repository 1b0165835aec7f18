import { describe, expect, it } from "vitest";
import { createMetrics } from "@/lib/metrics/metrics";
import { metricsAllowed, metricsResponse } from "@/lib/metrics/metrics-endpoint";

describe("GET /metrics access", () => {
  it("with METRICS_TOKEN, only the exact bearer token opens it, from anywhere", () => {
    const token = "a-metrics-token-of-some-length";
    expect(metricsAllowed({ token, authorization: `Bearer ${token}`, socketAddress: "203.0.113.7" })).toBe(true);
    expect(metricsAllowed({ token, authorization: `Bearer ${token}x`, socketAddress: "127.0.0.1" })).toBe(false);
    expect(metricsAllowed({ token, authorization: undefined, socketAddress: "127.0.0.1" })).toBe(false);
  });

  it("without METRICS_TOKEN, only clients on this machine, judged by the socket address", () => {
    expect(metricsAllowed({ token: undefined, authorization: undefined, socketAddress: "::ffff:127.0.0.1" })).toBe(
      true,
    );
    expect(metricsAllowed({ token: undefined, authorization: undefined, socketAddress: "::1" })).toBe(true);
    expect(metricsAllowed({ token: undefined, authorization: undefined, socketAddress: "10.0.0.5" })).toBe(false);
  });

  it("answers 404 when refused and the Prometheus text format otherwise", async () => {
    const metrics = createMetrics({ processMetrics: true });
    const refused = await metricsResponse(false, metrics);
    expect(refused.status).toBe(404);
    expect(refused.body).not.toContain("revocations_total");
    metrics.revocations.inc({ kind: "token" });
    const answer = await metricsResponse(true, metrics);
    expect(answer.status).toBe(200);
    expect(answer.headers["Content-Type"]).toMatch(/^text\/plain/);
    expect(answer.body).toMatch(/revocations_total\{kind="token"\} \d+/);
    expect(answer.body).toContain("process_cpu_user_seconds_total");
  });

  it("answers from the metrics it is given: each runtime counts into its own registry", async () => {
    const mine = createMetrics({ processMetrics: false });
    const other = createMetrics({ processMetrics: false });
    mine.revocations.inc({ kind: "credential" }, 3);
    expect((await metricsResponse(true, mine)).body).toMatch(/revocations_total\{kind="credential"\} 3/);
    expect((await metricsResponse(true, other)).body).not.toMatch(/revocations_total\{kind="credential"\}/);
    expect((await metricsResponse(true, mine)).body).not.toContain("process_cpu_user_seconds_total");
  });
});
