// Sudo mode's confirmation (SS-03): the signed-in user enters their password again, or a code of
// their second factor (TF-02, TF-03), checked under the sign-in throttle (so this is no side door
// for guessing), and their session's `authenticated_at` moves to now, which opens the 15-minute
// window for this session only. Audited as `auth.sudo`, with the method.
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import { consumeSecondFactor, WRONG_SECOND_FACTOR_MESSAGE } from "../two-factor/two-factor";
import type { RequestInfo } from "../use-case";
import { verifyPassword } from "../users/password";
import { auditAccountEvent } from "../users/user-audit";

export const WRONG_PASSWORD_MESSAGE = "This is not your password.";

type SessionOwner = { id: string; email: string; sessionId: string };
type Options = { db?: Db; now?: Date; request?: RequestInfo };

async function admit(user: SessionOwner, request: RequestInfo | undefined) {
  const limits = getRuntime().limits.signIn;
  await limits.admitOrRefuse(request?.ip ?? "unknown", user.email);
  return limits;
}

async function openWindow(db: Db, user: SessionOwner, method: string, now: Date, request: RequestInfo | undefined) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: user.sessionId, userId: user.id, endedAt: null },
      data: { authenticatedAt: now },
    });
    if (count !== 1) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
    await auditAccountEvent(tx, user, "auth.sudo", { request, at: now, metadata: { method } });
  });
  return { confirmedAt: now.toISOString() };
}

export async function confirmWithPassword(
  user: SessionOwner,
  input: { password: string },
  { db = getRuntime().db, now = getRuntime().clock.now(), request }: Options = {},
): Promise<{ confirmedAt: string }> {
  const limits = await admit(user, request);
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row?.passwordHash, input.password))) {
    throw new AppError("invalid_request", WRONG_PASSWORD_MESSAGE, {
      fieldErrors: { password: [WRONG_PASSWORD_MESSAGE] },
    });
  }
  await limits.clearFailures(user.email, request?.ip ?? "unknown");
  return openWindow(db, user, "password", now, request);
}

/** The same with a code of the user's authenticator app or a recovery code, each used up. */
export async function confirmWithSecondFactor(
  user: SessionOwner,
  input: { code: string },
  { db = getRuntime().db, now = getRuntime().clock.now(), request }: Options = {},
): Promise<{ confirmedAt: string }> {
  const limits = await admit(user, request);
  const used = await consumeSecondFactor(db, user.id, input.code, now, getRuntime().env.SIGNING_KEY_ENCRYPTION_KEY);
  if (!used)
    throw new AppError("invalid_request", WRONG_SECOND_FACTOR_MESSAGE, {
      fieldErrors: { code: [WRONG_SECOND_FACTOR_MESSAGE] },
    });
  await limits.clearFailures(user.email, request?.ip ?? "unknown");
  return openWindow(db, user, used, now, request);
}
