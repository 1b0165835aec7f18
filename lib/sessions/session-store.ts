// Dashboard sessions as rows (SS-01): a sign-in starts one, every request checks it (not ended,
// used within the idle timeout, younger than the absolute lifetime), and ending one ends it in its
// browser on the next request, on every instance. Last use is written at most once a minute.
import { randomUUID } from "node:crypto";
import type { Db, Tx } from "../db/client";

export type SessionPolicy = { idleTimeoutMs: number; maxAgeMs: number };

export type EndReason = "sign_out" | "signed_out_elsewhere" | "password_changed" | "password_reset";

/** How stale `last_seen_at` may get before a request writes it again. */
export const LAST_SEEN_WRITE_INTERVAL_MS = 60_000;

export type LiveSession = {
  id: string;
  authenticatedAt: Date;
  /** Signed in by single sign-on, its second factor not given yet (TF-06): good for nothing else. */
  secondFactorPending: boolean;
  user: { id: string; email: string; name: string; emailVerifiedAt: Date | null };
};

/**
 * Starts a session for a password sign-in, only while the password it checked is still the user's:
 * the user row is share-locked, so a password change or reset committing meanwhile (which ends
 * every session) either ends this one too or makes this insert find no row. Null then.
 */
export async function startPasswordSession(
  db: Db,
  userId: string,
  verifiedHash: string,
  meta: { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<string | null> {
  const id = randomUUID();
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO sessions (id, user_id, created_at, last_seen_at, authenticated_at, ip, user_agent)
    SELECT ${id}::uuid, u.id, ${now}, ${now}, ${now}, ${meta.ip}, ${meta.userAgent?.slice(0, 512) ?? null}
    FROM users u WHERE u.id = ${userId}::uuid AND u.password_hash = ${verifiedHash}
    FOR SHARE
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export async function startSession(
  db: Db | Tx,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
  now: Date,
): Promise<string> {
  const row = await db.session.create({
    data: {
      userId,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 512) ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The session `id` with its user while it is live, else null; refreshes its last use when stale. */
export async function checkSession(db: Db, id: string, now: Date, policy: SessionPolicy): Promise<LiveSession | null> {
  if (!UUID.test(id)) return null;
  const row = await db.session.findUnique({
    where: { id },
    select: {
      id: true,
      createdAt: true,
      lastSeenAt: true,
      authenticatedAt: true,
      secondFactorPending: true,
      endedAt: true,
      user: { select: { id: true, email: true, name: true, emailVerifiedAt: true } },
    },
  });
  if (!row || row.endedAt) return null;
  const t = now.getTime();
  if (t - row.lastSeenAt.getTime() >= policy.idleTimeoutMs || t - row.createdAt.getTime() >= policy.maxAgeMs) {
    return null;
  }
  if (t - row.lastSeenAt.getTime() >= LAST_SEEN_WRITE_INTERVAL_MS) {
    await db.session.updateMany({ where: { id, endedAt: null }, data: { lastSeenAt: now } });
  }
  return {
    id: row.id,
    authenticatedAt: row.authenticatedAt,
    secondFactorPending: row.secondFactorPending,
    user: row.user,
  };
}

/** Ends the user's session `id` (nothing when it is another user's or already ended). */
export async function endSession(db: Db | Tx, userId: string, id: string, reason: EndReason, now: Date) {
  const { count } = await db.session.updateMany({
    where: { id, userId, endedAt: null },
    data: { endedAt: now, endReason: reason },
  });
  return count === 1;
}

/** Ends every live session of the user, except `keepId` when given; returns how many ended. */
export async function endSessions(
  db: Db | Tx,
  userId: string,
  reason: EndReason,
  now: Date,
  keepId?: string,
): Promise<number> {
  const { count } = await db.session.updateMany({
    where: { userId, endedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
    data: { endedAt: now, endReason: reason },
  });
  return count;
}

/** A single sign-on's session of a user with two-factor on owes its code before it counts (TF-06). */
export async function markSecondFactorPending(db: Db | Tx, id: string): Promise<void> {
  await db.session.update({ where: { id }, data: { secondFactorPending: true } });
}

/** The code was given: the session counts from now, and as a fresh sign-in for sudo mode. */
export async function completeSecondFactor(db: Db | Tx, id: string, now: Date): Promise<boolean> {
  const { count } = await db.session.updateMany({
    where: { id, secondFactorPending: true, endedAt: null },
    data: { secondFactorPending: false, authenticatedAt: now },
  });
  return count === 1;
}
