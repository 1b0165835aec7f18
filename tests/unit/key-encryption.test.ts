import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptPrivateKey, encryptPrivateKey, parseKeyEncryptionKey } from "@/lib/signing-keys/key-encryption";

describe("signing key encryption at rest (SK-02)", () => {
  const kek = randomBytes(32);

  it("round-trips, with a fresh IV each time", () => {
    const a = encryptPrivateKey('{"d":"secret"}', kek, "kid-1");
    const b = encryptPrivateKey('{"d":"secret"}', kek, "kid-1");
    expect(a).not.toBe(b);
    expect(a).not.toContain("secret");
    expect(decryptPrivateKey(a, kek, "kid-1")).toBe('{"d":"secret"}');
    expect(Buffer.from(a.split(".")[1]!, "base64url")).toHaveLength(12);
  });

  it("binds the kid as AAD: a ciphertext moved to another key does not decrypt", () => {
    const sealed = encryptPrivateKey("x", kek, "kid-1");
    expect(() => decryptPrivateKey(sealed, kek, "kid-2")).toThrow();
  });

  it("fails under another key-encryption key, or when tampered with", () => {
    const sealed = encryptPrivateKey("x", kek, "kid-1");
    expect(() => decryptPrivateKey(sealed, randomBytes(32), "kid-1")).toThrow();
    const parts = sealed.split(".");
    parts[2] = Buffer.from("y").toString("base64url");
    expect(() => decryptPrivateKey(parts.join("."), kek, "kid-1")).toThrow();
  });

  it("has no fallback key", () => {
    expect(() => parseKeyEncryptionKey(undefined)).toThrow(/SIGNING_KEY_ENCRYPTION_KEY/);
    expect(() => parseKeyEncryptionKey(Buffer.alloc(16).toString("base64"))).toThrow();
    expect(parseKeyEncryptionKey(kek.toString("base64"))).toEqual(kek);
  });
});
