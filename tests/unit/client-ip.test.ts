import { describe, expect, it } from "vitest";
import { resolveClientIp } from "@/lib/http/client-ip";

describe("client IP", () => {
  it("uses the socket address and ignores X-Forwarded-For unless a proxy is trusted", () => {
    expect(resolveClientIp("::ffff:127.0.0.1", "203.0.113.9", false)).toBe("127.0.0.1");
  });

  it("takes the first X-Forwarded-For hop behind a trusted proxy", () => {
    expect(resolveClientIp("10.0.0.2", "203.0.113.9, 10.0.0.1", true)).toBe("203.0.113.9");
  });

  it("falls back to the socket when the trusted header is empty", () => {
    expect(resolveClientIp("10.0.0.2", "", true)).toBe("10.0.0.2");
  });
});
