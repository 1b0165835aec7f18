// The one status a key shows in the list and detail views. Pure, so the server computes it into
// the DTO and tests can pin the clock. Order matters: a revoked key is "Revoked" even if expired.
export const ROTATION_DUE_AFTER_DAYS = 90; // the guide: rotate every 90 days
export const EXPIRING_WITHIN_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export type CredentialStatus =
  | { kind: "revoked"; since: string }
  | { kind: "expired"; since: string }
  | { kind: "rotating"; previousSecretValidUntil: string }
  | { kind: "expiring"; expiresAt: string }
  | { kind: "rotation_due"; secretAgeDays: number }
  | { kind: "active" };

export type StatusInput = {
  revokedAt: Date | null;
  expiresAt: Date | null;
  secretCreatedAt: Date;
  previousSecretValidUntil: Date | null;
};

export function credentialStatus(key: StatusInput, now: Date): CredentialStatus {
  if (key.revokedAt) return { kind: "revoked", since: key.revokedAt.toISOString() };
  if (key.expiresAt && key.expiresAt <= now) return { kind: "expired", since: key.expiresAt.toISOString() };
  if (key.previousSecretValidUntil && key.previousSecretValidUntil > now) {
    return { kind: "rotating", previousSecretValidUntil: key.previousSecretValidUntil.toISOString() };
  }
  if (key.expiresAt && key.expiresAt.getTime() - now.getTime() < EXPIRING_WITHIN_DAYS * DAY_MS) {
    // The badge counts the days left itself, in the viewer's time zone (a custom expiry ends with its local day).
    return { kind: "expiring", expiresAt: key.expiresAt.toISOString() };
  }
  const secretAgeDays = Math.floor((now.getTime() - key.secretCreatedAt.getTime()) / DAY_MS);
  if (secretAgeDays > ROTATION_DUE_AFTER_DAYS) return { kind: "rotation_due", secretAgeDays };
  return { kind: "active" };
}

/** Revoked and expired keys can no longer be rotated or edited; they stay listed for the audit trail. */
export function isCredentialLive(key: Pick<StatusInput, "revokedAt" | "expiresAt">, now: Date): boolean {
  return !key.revokedAt && !(key.expiresAt && key.expiresAt <= now);
}
