// The key per-address throttles count under (token endpoint, sign-in).
import { isIP } from "node:net";

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
