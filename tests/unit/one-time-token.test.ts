import { describe, expect, it } from "vitest";
import { digestOneTimeToken, generateOneTimeToken, isOneTimeTokenShape } from "@/lib/tokens/one-time-token";

describe("one-time tokens", () => {
  it("are 256 random bits in base64url whose stored digest is not the token", () => {
    const { token, digest } = generateOneTimeToken();
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(isOneTimeTokenShape(token)).toBe(true);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(digest).not.toContain(token);
    expect(digestOneTimeToken(token)).toBe(digest);
    expect(generateOneTimeToken().token).not.toBe(token);
  });

  it("reject anything that is not shaped like one before any lookup", () => {
    expect(isOneTimeTokenShape("")).toBe(false);
    expect(isOneTimeTokenShape("a".repeat(42))).toBe(false);
    expect(isOneTimeTokenShape(`${"a".repeat(42)}=`)).toBe(false);
    expect(isOneTimeTokenShape(`${"a".repeat(42)}/`)).toBe(false);
  });
});
