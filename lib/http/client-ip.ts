// The client address for limits and logs. server.ts overwrites this header on every request with
// the socket address (or, only when TRUST_PROXY is on, the first X-Forwarded-For hop), so a client
// cannot choose its own address (SECURITY LG-05).
export const CLIENT_IP_HEADER = "x-workflux-client-ip";

export function clientIpFrom(headers: { get(name: string): string | null }): string {
  return headers.get(CLIENT_IP_HEADER) ?? "unknown";
}

/** Used by server.ts: picks the address to record for one incoming request. */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  if (trustProxy && forwardedFor) {
    const first = (Array.isArray(forwardedFor) ? forwardedFor[0] : forwardedFor)?.split(",")[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  return (socketAddress ?? "unknown").replace(/^::ffff:/, "");
}
