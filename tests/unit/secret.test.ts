import { describe, expect, it } from "vitest";
import {
  CLIENT_ID_PATTERN,
  CLIENT_SECRET_PATTERN,
  generateClientId,
  generateClientSecret,
  hashClientSecret,
  parseClientSecret,
  secretHint,
} from "@/lib/credentials/secret";

describe("client secrets", () => {
  it("carry the environment prefix, 256 random bits and a checksum, and match the published pattern", () => {
    const secrets = new Set<string>();
    for (const env of ["production", "staging", "development"] as const) {
      for (let i = 0; i < 200; i++) {
        const secret = generateClientSecret(env);
        expect(secret).toHaveLength(`wfs_${secret.split("_")[1]}_`.length + 49);
        expect(secret).toMatch(CLIENT_SECRET_PATTERN);
        expect(parseClientSecret(secret)).toEqual({ environment: env });
        secrets.add(secret);
      }
    }
    expect(secrets.size).toBe(600);
    expect(generateClientSecret("production").startsWith("wfs_live_")).toBe(true);
    expect(generateClientSecret("staging").startsWith("wfs_stg_")).toBe(true);
    expect(generateClientSecret("development").startsWith("wfs_dev_")).toBe(true);
  });

  it("rejects a secret with one character flipped, a wrong prefix or a bad length, offline", () => {
    const secret = generateClientSecret("production");
    const flipAt = (i: number) => secret.slice(0, i) + (secret[i] === "a" ? "b" : "a") + secret.slice(i + 1);
    for (const i of [9, 20, 40, secret.length - 1]) expect(parseClientSecret(flipAt(i))).toBeNull();
    expect(parseClientSecret(secret.replace("wfs_live_", "wfs_test_"))).toBeNull();
    expect(parseClientSecret(secret.replace("wfs_live_", "wfs_dev_"))).toBeNull(); // checksum covers the prefix
    expect(parseClientSecret(secret.slice(0, -1))).toBeNull();
    expect(parseClientSecret(`${secret}x`)).toBeNull();
    expect(parseClientSecret("")).toBeNull();
  });

  it("stores only a 32-byte SHA-256 digest", () => {
    const secret = generateClientSecret("staging");
    const digest = hashClientSecret(secret);
    expect(digest).toHaveLength(32);
    expect(digest.toString("hex")).not.toContain(secret);
  });

  it("shows only the prefix and the last four characters after the reveal", () => {
    const secret = generateClientSecret("development");
    expect(secretHint(secret)).toBe(`wfs_dev_…${secret.slice(-4)}`);
  });

  it("makes public client ids that cannot be mistaken for secrets or user ids", () => {
    const ids = new Set(Array.from({ length: 2000 }, () => generateClientId()));
    expect(ids.size).toBe(2000);
    for (const id of ids) {
      expect(id).toMatch(CLIENT_ID_PATTERN);
      expect(id).not.toMatch(CLIENT_SECRET_PATTERN);
    }
  });
});
