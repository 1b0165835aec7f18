// Confirming a sign-up's address (AC-06, OT-01): a 24-hour single-use link
// `APP_URL/verify-email/<token>` (only its digest is stored, in user_tokens) is mailed through the
// job queue in the transaction that creates the account; opening it sets `email_verified_at`, and
// from then on the account may use its organizations. Until then the user, once signed in, sees
// only the check-inbox page, whose "Resend the link" mints a new link (the older one stops
// working) under the throttle of the mails of the account pages (AC-02).
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import type { MailService } from "../mail/outbound-mail";
import { appLink, renderMail } from "../mail/templates";
import type { AccountLimits } from "../rate-limit/account-limits";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { auditAccountEvent } from "./user-audit";
import { consumeUserToken, issueUserToken } from "./user-tokens";

export const VERIFY_EMAIL_PATH = "/verify-email";

type MailDeps = { mail: MailService; appUrl: string };

/** Issues a new link for `user` and queues its mail, both inside `tx`. */
export async function sendVerificationLink(
  tx: Tx,
  user: { id: string; email: string; name: string },
  { mail, appUrl }: MailDeps,
  now: Date,
): Promise<void> {
  const token = await issueUserToken(tx, user.id, "email_verification", now);
  await mail.queue(verificationMail(user, appLink(appUrl, `${VERIFY_EMAIL_PATH}/${token}`)), { tx });
}

const verificationMail = (user: { email: string; name: string }, url: string) =>
  renderMail({
    to: user.email,
    subject: "Confirm your email address for WorkFlux",
    intro: [
      `Hi ${user.name},`,
      "Welcome to WorkFlux. Confirm that this address is yours to start using your organization:",
    ],
    action: { label: "Confirm my email address", url },
    outro: [
      "The link works once and expires in 24 hours.",
      "If you did not sign up for WorkFlux, ignore this mail: the account cannot be used without this link.",
    ],
  });

/** Opening the link: the address is confirmed and the link spent; a used, expired or unknown one is refused. */
export async function verifyEmail(
  token: string,
  {
    db = getRuntime().db,
    now = getRuntime().clock.now(),
    request,
  }: { db?: Db; now?: Date; request?: RequestInfo } = {},
): Promise<{ userId: string; email: string }> {
  return db.$transaction(async (tx) => {
    const userId = await consumeUserToken(tx, token, "email_verification", now);
    // An address confirmed meanwhile (a password reset by mail also proves it) keeps its first date.
    const { count } = await tx.user.updateMany({
      where: { id: userId, emailVerifiedAt: null },
      data: { emailVerifiedAt: now },
    });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true } });
    if (count === 1) await auditAccountEvent(tx, user, "user.email_verified", { request, at: now });
    return { userId: user.id, email: user.email };
  });
}

export type ResendVerificationDeps = {
  db: Db;
  mail: MailService;
  appUrl: string;
  limits: AccountLimits;
  now: Date;
};

const runtimeDeps = (): ResendVerificationDeps => {
  const runtime = getRuntime();
  return {
    db: runtime.db,
    mail: runtime.mail,
    appUrl: runtime.env.APP_URL,
    limits: runtime.limits.account,
    now: runtime.clock.now(),
  };
};

/**
 * "Resend the link" for the signed-in user whose address is unconfirmed: throttled per IP and per
 * address like "Forgot password?" (AC-02), then a new link (the older one stops working).
 * `sent: false` when there is nothing to do (the address is already confirmed).
 */
export async function resendVerification(
  user: { id: string },
  request: RequestInfo,
  { db, mail, appUrl, limits, now }: ResendVerificationDeps = runtimeDeps(),
): Promise<{ sent: boolean }> {
  const account = await db.user.findUnique({
    where: { id: user.id },
    select: { id: true, email: true, name: true, emailVerifiedAt: true },
  });
  if (!account || account.emailVerifiedAt) return { sent: false };
  const gate = await limits.admit(request.ip ?? "unknown", account.email);
  if (!gate.allowed) {
    throw new AppError("rate_limited", "Too many links sent. Wait a while and try again.", {
      headers: { "Retry-After": String(gate.retryAfterSeconds) },
    });
  }
  // Without SMTP (switched off after this sign-up) no mail can go: the operator's reset link
  // (`npm run users -- reset-link`) confirms the address too.
  if (!mail.configured) {
    throw new AppError(
      "conflict",
      "This server no longer sends email. Ask its administrator for a password reset link: using it confirms your address.",
    );
  }
  await db.$transaction((tx) => sendVerificationLink(tx, account, { mail, appUrl }, now));
  return { sent: true };
}
