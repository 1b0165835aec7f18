// The second step of a single sign-on for a user with two-factor on (TF-06): the provider's answer
// started a session that counts for nothing until a code of the user's app (or a recovery code) is
// given here, under the sign-in throttle like any code. Then the session counts, as a fresh
// sign-in, and the sign-in is audited with its second factor.
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import { completeSecondFactor } from "../sessions/session-store";
import type { RequestInfo } from "../use-case";
import { auditAccountEvent } from "../users/user-audit";
import { consumeSecondFactor, WRONG_SECOND_FACTOR_MESSAGE } from "./two-factor";

export async function completeSignInWithSecondFactor(
  pending: { sessionId: string; userId: string; email: string },
  input: { code: string },
  {
    db = getRuntime().db,
    now = getRuntime().clock.now(),
    request,
  }: { db?: Db; now?: Date; request?: RequestInfo } = {},
): Promise<{ signedIn: true }> {
  const limits = getRuntime().limits.signIn;
  const ip = request?.ip ?? "unknown";
  await limits.admitOrRefuse(ip, pending.email);
  const used = await consumeSecondFactor(
    db,
    pending.userId,
    input.code,
    now,
    getRuntime().env.SIGNING_KEY_ENCRYPTION_KEY,
  );
  if (!used)
    throw new AppError("invalid_request", WRONG_SECOND_FACTOR_MESSAGE, {
      fieldErrors: { code: [WRONG_SECOND_FACTOR_MESSAGE] },
    });
  await db.$transaction(async (tx) => {
    if (!(await completeSecondFactor(tx, pending.sessionId, now)))
      throw new AppError("unauthenticated", "This sign-in has ended. Sign in again.");
    const user = { id: pending.userId, email: pending.email };
    await auditAccountEvent(tx, user, "user.sign_in", {
      request,
      at: now,
      metadata: { secondFactor: used, via: "sso" },
    });
  });
  await limits.clearFailures(pending.email, ip);
  return { signedIn: true };
}
