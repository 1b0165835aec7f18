// GET /metrics for Prometheus. With METRICS_TOKEN set it needs `Authorization: Bearer
// <METRICS_TOKEN>` (compared in constant time); without it, only clients on this machine (the
// socket's address as server.ts saw it, not a header) may read it.
import { createHash, timingSafeEqual } from "node:crypto";
import type { Metrics } from "./metrics";

/** An HTTP answer (the route table's ResponseParts, structurally). */
type Answer = { status: number; headers: Record<string, string>; body: string };

const digest = (value: string) => createHash("sha256").update(value).digest();

export function metricsAllowed(options: {
  token: string | undefined;
  authorization: string | null | undefined;
  socketAddress: string | undefined;
}): boolean {
  if (options.token) {
    const presented = /^Bearer (.+)$/i.exec(options.authorization ?? "")?.[1] ?? "";
    return timingSafeEqual(digest(presented), digest(options.token));
  }
  const address = (options.socketAddress ?? "").replace(/^::ffff:/, "");
  return address === "127.0.0.1" || address === "::1";
}

export async function metricsResponse(allowed: boolean, metrics: Pick<Metrics, "registry">): Promise<Answer> {
  if (!allowed)
    return { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" }, body: "Not found\n" };
  return {
    status: 200,
    headers: { "Content-Type": metrics.registry.contentType, "Cache-Control": "no-store" },
    body: await metrics.registry.metrics(),
  };
}
