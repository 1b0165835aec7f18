import { describe, expect, it } from "vitest";
import { clientIpFrom, resolveClientIp, stampedClientIp, throttleKeyForIp } from "@/lib/http/client-ip";

const headers = (value: string | null) => ({ get: () => value });

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
    expect(clientIpFrom(headers(stampedClientIp("198.51.100.4")))).toBe("198.51.100.4");
    expect(clientIpFrom(headers("198.51.100.4"))).toBe("unknown");
    expect(clientIpFrom(headers("0123456789abcdef0123456789abcdef:198.51.100.4"))).toBe("unknown");
    expect(clientIpFrom(headers(null))).toBe("unknown");
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
