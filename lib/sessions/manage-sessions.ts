// Settings > Account > Sessions (SS-02): the user's live sessions, newest use first, with the
// current one marked; ending one of them, or every other one. Only the user's own sessions: another
// user's session id is not found and stays as it is. Each ending is audited.
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { auditAccountEvent } from "../users/user-audit";
import { describeDevice } from "./device";
import { endSession, endSessions, type SessionPolicy } from "./session-store";

export type SessionDto = {
  id: string;
  device: string;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  current: boolean;
};

type SessionOwner = { id: string; email: string; sessionId: string };
type Options = { db?: Db; now?: Date; request?: RequestInfo };

const runtimeDefaults = (options: Options) => ({
  db: options.db ?? getRuntime().db,
  now: options.now ?? getRuntime().clock.now(),
});

export async function listSessions(
  user: SessionOwner,
  policy: SessionPolicy,
  options: Options = {},
): Promise<SessionDto[]> {
  const { db, now } = runtimeDefaults(options);
  const rows = await db.session.findMany({
    where: {
      userId: user.id,
      endedAt: null,
      lastSeenAt: { gt: new Date(now.getTime() - policy.idleTimeoutMs) },
      createdAt: { gt: new Date(now.getTime() - policy.maxAgeMs) },
    },
    select: { id: true, userAgent: true, ip: true, createdAt: true, lastSeenAt: true },
    orderBy: [{ lastSeenAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  return rows
    .map((row) => ({
      id: row.id,
      device: describeDevice(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      current: row.id === user.sessionId,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

export const CURRENT_SESSION_MESSAGE = "This is the session you are using: sign out from the account menu instead.";

export async function endOwnSession(user: SessionOwner, input: { sessionId: string }, options: Options = {}) {
  const { db, now } = runtimeDefaults(options);
  if (input.sessionId === user.sessionId) throw new AppError("conflict", CURRENT_SESSION_MESSAGE);
  await db.$transaction(async (tx) => {
    if (!(await endSession(tx, user.id, input.sessionId, "signed_out_elsewhere", now)))
      throw new AppError("not_found", "This session has already ended.");
    await auditAccountEvent(tx, user, "user.session_ended", { request: options.request, at: now });
  });
}

export async function endOtherSessions(user: SessionOwner, options: Options = {}): Promise<{ ended: number }> {
  const { db, now } = runtimeDefaults(options);
  return db.$transaction(async (tx) => {
    const ended = await endSessions(tx, user.id, "signed_out_elsewhere", now, user.sessionId);
    if (ended > 0)
      await auditAccountEvent(tx, user, "user.other_sessions_ended", { request: options.request, at: now });
    return { ended };
  });
}
