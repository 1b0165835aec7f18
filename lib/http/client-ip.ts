// The client address for limits and logs (LG-05), and the stamp that carries it from server.ts to
// every handler. server.ts overwrites one request header on every request with
// `<stamp> <client address> <socket address> <Authorization header count>`, where the stamp is 128
// random bits known only to this process (the runtime's `edgeStamp`): a client cannot forge it, and
// a request that did not pass through server.ts (no stamp) counts as "unknown" instead of trusting
// whatever the header says. The same stamp tells the portable door (Next route handlers) what only
// the socket knows: the peer address and how many Authorization headers arrived (Node keeps the
// first one only).
import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { getRuntime } from "../runtime/current";

export const EDGE_HEADER = "x-workflux-edge";

export type EdgeInfo = { clientIp: string; peerAddress: string; authorizationCount: number };

export function encodeEdgeStamp(secret: string, info: EdgeInfo): string {
  return `${secret} ${info.clientIp} ${info.peerAddress} ${info.authorizationCount}`;
}

/** The stamped facts, or null for a missing or forged stamp. */
export function decodeEdgeStamp(secret: string, value: string | null | undefined): EdgeInfo | null {
  if (!value || value.length <= secret.length || value[secret.length] !== " ") return null;
  // Compared as bytes: a client's non-ASCII header text may be longer in bytes than in characters,
  // and timingSafeEqual throws on unequal lengths (a 500 instead of "no stamp").
  const presented = Buffer.from(value.slice(0, secret.length));
  const expected = Buffer.from(secret);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  const [clientIp = "", peerAddress = "", count = ""] = value.slice(secret.length + 1).split(" ");
  const authorizationCount = Number.parseInt(count, 10);
  if (!clientIp || !peerAddress || !Number.isInteger(authorizationCount)) return null;
  return { clientIp, peerAddress, authorizationCount };
}

/** This process's stamp for a request from `ip` (server.ts does this per request; tests too). */
export function stampedClientIp(ip: string, authorizationCount = 1): string {
  return encodeEdgeStamp(getRuntime().edgeStamp, { clientIp: ip, peerAddress: ip, authorizationCount });
}

/** The stamped client address of a request, or "unknown" when it did not pass through server.ts. */
export function clientIpFrom(headers: { get(name: string): string | null }): string {
  return decodeEdgeStamp(getRuntime().edgeStamp, headers.get(EDGE_HEADER))?.clientIp ?? "unknown";
}

/**
 * The address to record for one request. Behind a trusted reverse proxy (TRUST_PROXY) it is the
 * last X-Forwarded-For hop, the one that proxy appended: earlier hops come from the client and
 * prove nothing. Anything that is not an IP address is ignored.
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
