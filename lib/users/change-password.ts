// Settings > Account: a new password needs the current one (checked under the sign-in throttle,
// so this form is no side door for guessing) and ends every session of the user; the page signs
// the user in again with the new password, so only the other sessions stay ended (AC-05).
import type { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import { endSessions } from "../sessions/session-store";
import type { RequestInfo } from "../use-case";
import { hashPassword, verifyPassword } from "./password";
import type { ChangePasswordInput } from "./schemas";
import { auditAccountEvent } from "./user-audit";

export async function changePassword(
  user: { id: string },
  input: z.infer<typeof ChangePasswordInput>,
  {
    db = getRuntime().db,
    now = getRuntime().clock.now(),
    request,
  }: { db?: Db; now?: Date; request?: RequestInfo } = {},
): Promise<void> {
  const row = await db.user.findUnique({
    where: { id: user.id },
    select: { id: true, email: true, passwordHash: true },
  });
  if (!row) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  await getRuntime().limits.signIn.admitOrRefuse(request?.ip ?? "unknown", row.email);
  if (!(await verifyPassword(row.passwordHash, input.currentPassword))) {
    throw new AppError("invalid_request", "Check the highlighted fields.", {
      fieldErrors: { currentPassword: ["This is not your current password."] },
    });
  }
  await getRuntime().limits.signIn.clearFailures(row.email, request?.ip ?? "unknown");
  if (input.newPassword === input.currentPassword) {
    throw new AppError("invalid_request", "Check the highlighted fields.", {
      fieldErrors: { newPassword: ["Choose a password different from the current one."] },
    });
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: row.id }, data: { passwordHash } });
    await endSessions(tx, row.id, "password_changed", now);
    // Links sent before the change must not undo it.
    await tx.userToken.updateMany({
      where: { userId: row.id, purpose: "password_reset", usedAt: null },
      data: { usedAt: now },
    });
    await auditAccountEvent(tx, row, "user.password_changed", { request, at: now });
  });
}
