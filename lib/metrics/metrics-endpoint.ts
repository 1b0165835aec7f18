// GET /metrics for Prometheus, answered by server.ts itself. With METRICS_TOKEN set it needs
// `Authorization: Bearer <METRICS_TOKEN>` (compared in constant time); without it, only clients
// on this machine (the socket's address, not a header) may read it.
import { createHash, timingSafeEqual } from "node:crypto";
import { renderMetrics } from "./metrics";

const digest = (value: string) => createHash("sha256").update(value).digest();

export function metricsAllowed(options: {
  token: string | undefined;
  authorization: string | undefined;
  socketAddress: string | undefined;
}): boolean {
  if (options.token) {
    const presented = /^Bearer (.+)$/i.exec(options.authorization ?? "")?.[1] ?? "";
    return timingSafeEqual(digest(presented), digest(options.token));
  }
  const address = (options.socketAddress ?? "").replace(/^::ffff:/, "");
  return address === "127.0.0.1" || address === "::1";
}

export async function metricsResponse(
  allowed: boolean,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  if (!allowed)
    return { status: 404, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" }, body: "Not found\n" };
  const { contentType, body } = await renderMetrics();
  return { status: 200, headers: { "Content-Type": contentType, "Cache-Control": "no-store" }, body };
}
