// Sudo mode's confirmation (SS-03): the signed-in user enters their password again, checked under
// the sign-in throttle (so this is no side door for guessing), and their session's
// `authenticated_at` moves to now, which opens the 15-minute window for this session only.
// Audited as `auth.sudo`.
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { verifyPassword } from "../users/password";
import { auditAccountEvent } from "../users/user-audit";

export const WRONG_PASSWORD_MESSAGE = "This is not your password.";

export async function confirmWithPassword(
  user: { id: string; email: string; sessionId: string },
  input: { password: string },
  {
    db = getRuntime().db,
    now = getRuntime().clock.now(),
    request,
  }: { db?: Db; now?: Date; request?: RequestInfo } = {},
): Promise<{ confirmedAt: string }> {
  const limits = getRuntime().limits.signIn;
  const gate = await limits.admit(request?.ip ?? "unknown", user.email);
  if (!gate.allowed) {
    throw new AppError("rate_limited", "Too many attempts. Wait a few minutes and try again.", {
      headers: { "Retry-After": String(gate.retryAfterSeconds) },
    });
  }
  const row = await db.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(row?.passwordHash, input.password))) {
    throw new AppError("invalid_request", WRONG_PASSWORD_MESSAGE, {
      fieldErrors: { password: [WRONG_PASSWORD_MESSAGE] },
    });
  }
  await limits.clearFailures(user.email);
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({
      where: { id: user.sessionId, userId: user.id, endedAt: null },
      data: { authenticatedAt: now },
    });
    if (count !== 1) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
    await auditAccountEvent(tx, user, "auth.sudo", { request, at: now });
  });
  return { confirmedAt: now.toISOString() };
}
