"use server";
// The second step of a single sign-on with two-factor on (TF-06): open to the session that owes
// its code only (every other action sees that session as signed out).
import { publicAction } from "@/lib/auth/action";
import { getPendingSecondFactor } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";
import { completeSignInWithSecondFactor } from "@/lib/two-factor/complete-sign-in";
import { ConfirmCodeInput } from "@/lib/users/schemas";

export const completeSecondFactorAction = publicAction(ConfirmCodeInput, async (input, _user, context) => {
  const pending = await getPendingSecondFactor();
  if (!pending) throw new AppError("unauthenticated", "This sign-in has ended. Sign in again.");
  return completeSignInWithSecondFactor(pending, input, { now: context.now, request: context.request });
});
