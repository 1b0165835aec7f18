"use server";
// Server actions of the account pages: forgot/reset password and sign-up (open without a session),
// the check-inbox page's resend (the signed-in user whose address is unconfirmed, AC-06) and
// Settings > Account (the signed-in user's own account). Each parses strict input and calls one
// use case, which throttles and checks what it needs.
import { publicAction, userAction } from "@/lib/auth/action";
import { confirmWithPassword } from "@/lib/sessions/confirm-identity";
import { endOtherSessions, endOwnSession } from "@/lib/sessions/manage-sessions";
import { AppError } from "@/lib/errors";
import { changePassword } from "@/lib/users/change-password";
import { resendVerification } from "@/lib/users/email-verification";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import {
  ChangePasswordInput,
  ConfirmPasswordInput,
  EndOtherSessionsInput,
  EndSessionInput,
  RequestPasswordResetInput,
  ResendVerificationInput,
  ResetPasswordInput,
  SignUpInput,
} from "@/lib/users/schemas";
import { signUp } from "@/lib/users/sign-up";

export const requestPasswordResetAction = publicAction(RequestPasswordResetInput, async (input, _user, context) => {
  await requestPasswordReset(input, context.request);
  return null;
});

export const resetPasswordAction = publicAction(ResetPasswordInput, async (input, _user, context) =>
  resetPassword(input, { now: context.now, request: context.request }),
);

export const changePasswordAction = userAction(ChangePasswordInput, async (input, user, context) => {
  await changePassword(user, input, { now: context.now, request: context.request });
  return { email: user.email };
});

/** Ends one of the user's other sessions (SS-02). */
export const endSessionAction = userAction(EndSessionInput, async (input, user, context) => {
  await endOwnSession(user, input, { now: context.now, request: context.request });
  return null;
});

/** Ends every session of the user but this one (SS-02). */
export const endOtherSessionsAction = userAction(EndOtherSessionsInput, async (_input, user, context) =>
  endOtherSessions(user, { now: context.now, request: context.request }),
);

/** Sudo mode: the password again, for the next 15 minutes of sensitive changes (SS-03). */
export const confirmPasswordAction = userAction(ConfirmPasswordInput, async (input, user, context) =>
  confirmWithPassword(user, input, { now: context.now, request: context.request }),
);

export const signUpAction = publicAction(SignUpInput, async (input, user, context) => {
  // Someone signed in would get a second account from one browser: a surprise, never what they meant.
  if (user) throw new AppError("conflict", "You are signed in. Sign out first to create another account.");
  return signUp(input, { now: context.now, request: context.request });
});

export const resendVerificationAction = userAction(
  ResendVerificationInput,
  async (_input, user, context) => resendVerification(user, context.request),
  { allowUnverified: true },
);
