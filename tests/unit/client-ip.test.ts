import { describe, expect, it } from "vitest";
import { decodeEdgeStamp, EDGE_HEADER, encodeEdgeStamp, resolveClientIp } from "@/lib/http/client-ip";
import { throttleKeyForIp } from "@/lib/rate-limit/throttle-key";
import { toRequestParts } from "@/lib/http/request-parts";

const SECRET = "0123456789abcdef0123456789abcdef";
const OTHER_SECRET = "fedcba9876543210fedcba9876543210";

/** The parts of a request whose headers are `headers` (lower-case names), as either door builds them. */
const partsOf = (headers: Record<string, string>, options: { trustProxy?: boolean } = {}) =>
  toRequestParts(
    {
      method: "POST",
      url: "/v1/auth/token",
      header: (name) => headers[name] ?? null,
      body: new Uint8Array(0),
      bodyTooLarge: false,
    },
    SECRET,
    options,
  );

describe("client IP", () => {
  it("uses the socket address and ignores X-Forwarded-For unless a proxy is trusted", () => {
    expect(resolveClientIp("::ffff:127.0.0.1", "203.0.113.9", false)).toBe("127.0.0.1");
  });

  it("behind a trusted proxy takes the hop that proxy appended, not the client-chosen first one", () => {
    expect(resolveClientIp("10.0.0.2", "1.2.3.4, 203.0.113.9", true)).toBe("203.0.113.9");
    expect(resolveClientIp("10.0.0.2", ["1.2.3.4", "203.0.113.9"], true)).toBe("203.0.113.9");
  });

  it("ignores a forwarded value that is not an IP address, and an empty header", () => {
    expect(resolveClientIp("10.0.0.2", "203.0.113.9, not-an-ip", true)).toBe("10.0.0.2");
    expect(resolveClientIp("10.0.0.2", "", true)).toBe("10.0.0.2");
  });

  it("believes the header only with this process's stamp, so a client cannot pick its own address", () => {
    const info = { clientIp: "198.51.100.4", peerAddress: "10.0.0.2", authorizationCount: 1 };
    expect(decodeEdgeStamp(SECRET, encodeEdgeStamp(SECRET, info))).toEqual(info);
    expect(partsOf({ [EDGE_HEADER]: encodeEdgeStamp(SECRET, info) })).toMatchObject({
      clientIp: "198.51.100.4",
      peerAddress: "10.0.0.2",
    });
    for (const forged of [
      "198.51.100.4",
      encodeEdgeStamp(OTHER_SECRET, info),
      `${SECRET.slice(0, -1)}0 198.51.100.4 10.0.0.2 1`,
      `${SECRET}:198.51.100.4`,
      `${SECRET} 198.51.100.4`,
      `${SECRET} 198.51.100.4 10.0.0.2 many`,
      // Longer in bytes than in characters: still just "no stamp", never an exception.
      `${"é".repeat(SECRET.length)} 198.51.100.4 10.0.0.2 1`,
      "",
    ]) {
      expect(decodeEdgeStamp(SECRET, forged), forged).toBeNull();
      expect(partsOf({ [EDGE_HEADER]: forged }), forged).toMatchObject({ clientIp: "unknown", peerAddress: undefined });
    }
    expect(decodeEdgeStamp(SECRET, null)).toBeNull();
    expect(decodeEdgeStamp(SECRET, undefined)).toBeNull();
    expect(partsOf({})).toMatchObject({ clientIp: "unknown", peerAddress: undefined });
  });

  it("without the stamp, trusts X-Forwarded-For only behind a trusted proxy, and then only its last hop", () => {
    expect(partsOf({ "x-forwarded-for": "1.2.3.4, 203.0.113.9" }).clientIp).toBe("unknown");
    expect(partsOf({ "x-forwarded-for": "1.2.3.4, 203.0.113.9" }, { trustProxy: true }).clientIp).toBe("203.0.113.9");
    // The stamp wins: server.ts already resolved the proxy's hop from the socket's point of view.
    const stamped = encodeEdgeStamp(SECRET, { clientIp: "192.0.2.1", peerAddress: "10.0.0.2", authorizationCount: 0 });
    expect(partsOf({ [EDGE_HEADER]: stamped, "x-forwarded-for": "203.0.113.9" }, { trustProxy: true }).clientIp).toBe(
      "192.0.2.1",
    );
  });

  it("carries the Authorization header count only in the stamp, and never below one when a header arrived", () => {
    const edge = (authorizationCount: number) =>
      encodeEdgeStamp(SECRET, { clientIp: "192.0.2.1", peerAddress: "192.0.2.1", authorizationCount });
    expect(partsOf({ authorization: "Basic YTpi", [EDGE_HEADER]: edge(2) })).toMatchObject({
      authorization: "Basic YTpi",
      authorizationCount: 2,
    });
    expect(partsOf({ authorization: "Basic YTpi", [EDGE_HEADER]: edge(0) }).authorizationCount).toBe(1);
    expect(partsOf({ authorization: "Basic YTpi" }).authorizationCount).toBe(1);
    expect(
      partsOf({
        authorization: "Basic YTpi",
        [EDGE_HEADER]: encodeEdgeStamp(OTHER_SECRET, { clientIp: "a", peerAddress: "b", authorizationCount: 0 }),
      }).authorizationCount,
    ).toBe(1);
    expect(partsOf({ [EDGE_HEADER]: edge(2) })).toMatchObject({ authorization: null, authorizationCount: 0 });
  });

  it("throttles IPv6 per /64 (one host controls the whole prefix) and IPv4 per address", () => {
    expect(throttleKeyForIp("2001:db8:abcd:12:1::5")).toBe("2001:db8:abcd:12::/64");
    expect(throttleKeyForIp("2001:DB8:ABCD:0012:ffff:1:2:3")).toBe("2001:db8:abcd:12::/64");
    expect(throttleKeyForIp("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttleKeyForIp("::1")).toBe("0:0:0:0::/64");
    expect(throttleKeyForIp("203.0.113.9")).toBe("203.0.113.9");
    expect(throttleKeyForIp("unknown")).toBe("unknown");
  });
});
