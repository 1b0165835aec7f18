// Does a presented secret authenticate this key right now? One function decides for the token,
// revocation and introspection endpoints. Every path does the same work (two SHA-256 digests and
// two constant-time compares, against zero digests when a record or previous secret is missing),
// so unknown, revoked, expired and rotated-out keys cost the same as a wrong secret (TE-07, SE-02).
import type { Environment, Plan } from "../db/generated/enums";
import { timingSafeEqual } from "node:crypto";
import { hashClientSecret, parseClientSecret } from "./secret";

/** What the token service needs to know about a key; cached per process by key-cache.ts. */
export type CredentialRecord = {
  id: string;
  clientId: string;
  orgId: string;
  plan: Plan;
  environment: Environment;
  scopes: string[];
  secretHash: Uint8Array;
  previousSecretHash: Uint8Array | null;
  previousSecretValidUntil: Date | null;
  tokensValidAfter: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export type SecretCheck =
  | { ok: true; key: CredentialRecord; usedPreviousSecret: boolean }
  | {
      ok: false;
      reason:
        "malformed_secret" | "unknown_client" | "wrong_secret" | "key_revoked" | "key_expired" | "secret_rotated_out";
    };

/**
 * `record` is null for an unknown client id. The format and checksum are checked first, offline
 * (SE-01); a malformed secret reveals nothing about the id, so it may return early.
 */
export function verifyClientSecret(record: CredentialRecord | null, secret: string, now: Date): SecretCheck {
  const format = parseClientSecret(secret);
  if (!format) return { ok: false, reason: "malformed_secret" };
  const presented = hashClientSecret(secret);
  const current = digestMatches(presented, record?.secretHash);
  const previous = digestMatches(presented, record?.previousSecretHash);
  if (!record) return { ok: false, reason: "unknown_client" };
  // A secret with another environment's prefix cannot be this key's, whatever its digest says.
  if (format.environment !== record.environment) return { ok: false, reason: "wrong_secret" };
  if (!current && !previous) return { ok: false, reason: "wrong_secret" };
  if (record.revokedAt) return { ok: false, reason: "key_revoked" };
  if (record.expiresAt && record.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "key_expired" };
  if (!current) {
    const validUntil = record.previousSecretValidUntil;
    if (!validUntil || validUntil.getTime() <= now.getTime()) return { ok: false, reason: "secret_rotated_out" };
    return { ok: true, key: record, usedPreviousSecret: true };
  }
  return { ok: true, key: record, usedPreviousSecret: false };
}

const ZERO_DIGEST = Buffer.alloc(32);

/** Constant-time; compares against a zero digest when nothing is stored, so both paths cost the same. */
function digestMatches(presented: Buffer, stored: Uint8Array | null | undefined): boolean {
  const usable = stored && stored.length === presented.length;
  return timingSafeEqual(presented, usable ? stored : ZERO_DIGEST) && Boolean(usable);
}
