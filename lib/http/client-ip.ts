// The client address for limits and logs (SECURITY LG-05). server.ts overwrites one request
// header on every request with `<stamp>:<address>`, where the stamp is 128 random bits known only
// to this process: a client cannot forge it, and a request that did not pass through server.ts
// (no stamp) counts as "unknown" instead of trusting whatever the header says.
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";

export const CLIENT_IP_HEADER = "x-workflux-client-ip";

const globalForIp = globalThis as unknown as { __workfluxClientIpStamp?: string };

function processStamp(): string {
  globalForIp.__workfluxClientIpStamp ??= randomBytes(16).toString("hex");
  return globalForIp.__workfluxClientIpStamp;
}

/** The header value server.ts (and tests) set for a request from `ip`. */
export function stampedClientIp(ip: string): string {
  return `${processStamp()}:${ip}`;
}

export function clientIpFrom(headers: { get(name: string): string | null }): string {
  const value = headers.get(CLIENT_IP_HEADER);
  const stamp = globalForIp.__workfluxClientIpStamp;
  if (!value || !stamp || !value.startsWith(`${stamp}:`)) return "unknown";
  return value.slice(stamp.length + 1);
}

/**
 * Used by server.ts: the address to record for one request. Behind a trusted reverse proxy
 * (TRUST_PROXY) it is the last X-Forwarded-For hop, the one that proxy appended: earlier hops
 * come from the client and prove nothing. Anything that is not an IP address is ignored.
 */
export function resolveClientIp(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustProxy: boolean,
): string {
  const socket = (socketAddress ?? "unknown").replace(/^::ffff:/, "");
  if (!trustProxy || !forwardedFor) return socket;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor;
  const last = header
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean)
    .at(-1)
    ?.replace(/^::ffff:/, "");
  return last && isIP(last) ? last : socket;
}

/**
 * The key per-address throttles count under: an IPv6 client usually controls a whole /64, so
 * IPv6 addresses count per /64 (otherwise one host gets 2^64 fresh buckets); IPv4 as is.
 */
export function throttleKeyForIp(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
