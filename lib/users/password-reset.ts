// "Forgot password?" (AC-01..AC-04). The request answers the same, after the same work, whether or
// not the address has an account: it is throttled, then it only enqueues a job carrying the
// address. The job (in any instance, off the request's path) finds the account, issues a 1-hour
// single-use link and mails it; an unknown address ends there. Using the link sets the password
// and ends every session of the user. Without SMTP the operator prints a link with
// `npm run users -- reset-link <email>` (ML-03).
import type { z } from "zod";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { JobQueue } from "../jobs/job-queue";
import type { Logger } from "../log/logger";
import type { MailService } from "../mail/outbound-mail";
import { appLink, renderMail } from "../mail/templates";
import type { AccountLimits } from "../rate-limit/account-limits";
import { getRuntime } from "../runtime/current";
import { normalizeEmail } from "../validation/email";
import { endSessions } from "../sessions/session-store";
import type { RequestInfo } from "../use-case";
import { hashPassword } from "./password";
import type { RequestPasswordResetInput, ResetPasswordInput } from "./schemas";
import { auditAccountEvent } from "./user-audit";
import { consumeUserToken, issueUserToken } from "./user-tokens";

export const PASSWORD_RESET_QUEUE = "account.password-reset";

type ResetJob = { email: string; ip: string | null; userAgent: string | null };

type ResetDeps = { db: Db; mail: MailService; appUrl: string; log: Logger; now: () => Date };

/** Declares the job that turns a request into a mailed link; the runtime calls it before starting the queue. */
export function definePasswordResetJob(jobs: JobQueue, deps: () => ResetDeps): void {
  jobs.define<ResetJob>({
    name: PASSWORD_RESET_QUEUE,
    retryLimit: 3,
    retryDelaySeconds: 10,
    handler: (job) => mailResetLink(job, deps()),
  });
}

async function mailResetLink(job: ResetJob, { db, mail, appUrl, log, now }: ResetDeps): Promise<void> {
  const user = await db.user.findUnique({ where: { email: job.email }, select: { id: true, email: true, name: true } });
  if (!user) return;
  if (!mail.configured) {
    // Nothing to send it with: the operator can print a link (the id identifies the account, the
    // address stays out of the log).
    log.warn(
      { userId: user.id },
      "password reset requested but SMTP_URL is not set; `npm run users -- reset-link <email>` prints a link",
    );
    return;
  }
  const at = now();
  await db.$transaction(async (tx) => {
    const token = await issueUserToken(tx, user.id, "password_reset", at);
    await mail.queue(resetMail(user, appLink(appUrl, `/reset-password/${token}`)), { tx });
    await auditAccountEvent(tx, user, "user.password_reset_requested", {
      request: { ip: job.ip, userAgent: job.userAgent },
      at,
    });
  });
}

const resetMail = (user: { email: string; name: string }, url: string) =>
  renderMail({
    to: user.email,
    subject: "Reset your WorkFlux password",
    intro: [
      `Hi ${user.name},`,
      "Someone asked to reset the password of your WorkFlux account. If it was you, choose a new one:",
    ],
    action: { label: "Choose a new password", url },
    outro: [
      "The link works once and expires in 1 hour. Using it signs you out everywhere.",
      "If you did not ask for this, ignore this mail: your password stays as it is.",
    ],
  });

export type RequestPasswordResetDeps = { jobs: JobQueue; limits: AccountLimits };

const runtimeDeps = (): RequestPasswordResetDeps => {
  const runtime = getRuntime();
  return { jobs: runtime.jobs, limits: runtime.limits.account };
};

/** The request: throttled per IP and address; the same answer either way (nothing is returned). */
export async function requestPasswordReset(
  input: z.infer<typeof RequestPasswordResetInput>,
  request: RequestInfo,
  { jobs, limits }: RequestPasswordResetDeps = runtimeDeps(),
): Promise<void> {
  const gate = await limits.admit(request.ip ?? "unknown", input.email);
  if (!gate.allowed) {
    throw new AppError("rate_limited", "Too many reset requests. Wait a while and try again.", {
      headers: { "Retry-After": String(gate.retryAfterSeconds) },
    });
  }
  await jobs.send(PASSWORD_RESET_QUEUE, {
    email: input.email,
    ip: request.ip,
    userAgent: request.userAgent,
  } satisfies ResetJob);
}

/** Using the link: a new password, every session of the user ended, the link spent. */
export async function resetPassword(
  input: z.infer<typeof ResetPasswordInput>,
  {
    db = getRuntime().db,
    now = getRuntime().clock.now(),
    request,
  }: { db?: Db; now?: Date; request?: RequestInfo } = {},
): Promise<{ email: string }> {
  const passwordHash = await hashPassword(input.password);
  const user = await db.$transaction(async (tx) => {
    const userId = await consumeUserToken(tx, input.token, "password_reset", now);
    const updated = await tx.user.update({
      where: { id: userId },
      // The link proved the address too: a sign-up that never confirmed it is confirmed now.
      data: { passwordHash, emailVerifiedAt: now },
      select: { id: true, email: true },
    });
    await endSessions(tx, updated.id, "password_reset", now);
    await auditAccountEvent(tx, updated, "user.password_reset", { request, at: now });
    return updated;
  });
  // The sign-in throttle's failures for this address no longer stand against its owner.
  await getRuntime().limits.signIn.clearFailures(user.email);
  return { email: user.email };
}

/** For the operator without SMTP: a fresh link for `email`, printed by the CLI. */
export async function createResetLinkForOperator(
  email: string,
  { db, appUrl, now = new Date() }: { db: Db; appUrl: string; now?: Date },
): Promise<string> {
  const user = await db.user.findUnique({
    where: { email: normalizeEmail(email.trim()) },
    select: { id: true, email: true },
  });
  if (!user) throw new AppError("not_found", `No account has the email address ${email}.`);
  const token = await db.$transaction(async (tx) => {
    const issued = await issueUserToken(tx, user.id, "password_reset", now);
    await auditAccountEvent(tx, user, "user.password_reset_requested", { actor: "system", at: now });
    return issued;
  });
  return appLink(appUrl, `/reset-password/${token}`);
}
