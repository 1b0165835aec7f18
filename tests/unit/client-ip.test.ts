import { describe, expect, it } from "vitest";
import { clientIpFrom, resolveClientIp, stampedClientIp } from "@/lib/http/client-ip";

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
});
