// How long a rotated-out secret keeps working (SE-04): a fixed menu, and
// never past the key's own expiry.
export const ROTATION_GRACE_OPTIONS = ["now", "1h", "24h", "7d"] as const;
export type RotationGrace = (typeof ROTATION_GRACE_OPTIONS)[number];

export const ROTATION_GRACE_SECONDS: Record<RotationGrace, number> = {
  now: 0,
  "1h": 60 * 60,
  "24h": 24 * 60 * 60,
  "7d": 7 * 24 * 60 * 60,
};

export const ROTATION_GRACE_LABELS: Record<RotationGrace, string> = {
  now: "Immediately",
  "1h": "1 hour",
  "24h": "24 hours",
  "7d": "7 days",
};

/**
 * When the previous secret stops working: `min(now + grace, expiresAt)`; null when it stops at once
 * (grace "now", or a key whose expiry is already reached).
 */
export function previousSecretValidUntil(now: Date, grace: RotationGrace, expiresAt: Date | null): Date | null {
  const seconds = ROTATION_GRACE_SECONDS[grace];
  if (seconds === 0) return null;
  const end = new Date(now.getTime() + seconds * 1000);
  const capped = expiresAt && expiresAt < end ? expiresAt : end;
  return capped > now ? capped : null;
}
