import { describe, expect, it } from "vitest";
import { generateClientSecret, hashClientSecret } from "@/lib/credentials/secret";
import { verifyClientSecret } from "@/lib/credentials/verify-client-secret";
import { makeKey } from "../helpers/oauth-fakes";

const now = new Date("2026-11-28T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("verifyClientSecret", () => {
  it("accepts the current secret of a live key", () => {
    const { record, secret } = makeKey();
    expect(verifyClientSecret(record, secret, now)).toEqual({ ok: true, key: record, usedPreviousSecret: false });
  });

  it("checks format and checksum offline first", () => {
    const { record, secret } = makeKey();
    const typo = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    expect(verifyClientSecret(record, typo, now)).toEqual({ ok: false, reason: "malformed_secret" });
  });

  it("names each refusal for the log", () => {
    const old = generateClientSecret("production");
    const { record, secret } = makeKey({
      previousSecretHash: hashClientSecret(old),
      previousSecretValidUntil: later(1000),
    });
    expect(verifyClientSecret(null, secret, now)).toMatchObject({ reason: "unknown_client" });
    expect(verifyClientSecret(record, generateClientSecret("production"), now)).toMatchObject({
      reason: "wrong_secret",
    });
    expect(verifyClientSecret({ ...record, revokedAt: now }, secret, now)).toMatchObject({ reason: "key_revoked" });
    expect(verifyClientSecret({ ...record, expiresAt: now }, secret, now)).toMatchObject({ reason: "key_expired" });
    expect(verifyClientSecret(record, old, now)).toMatchObject({ ok: true, usedPreviousSecret: true });
    expect(verifyClientSecret(record, old, later(1000))).toMatchObject({ reason: "secret_rotated_out" });
    expect(verifyClientSecret({ ...record, environment: "development" }, secret, now)).toMatchObject({
      reason: "wrong_secret",
    });
  });
});
