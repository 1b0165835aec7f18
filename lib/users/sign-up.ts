// Sign-up (AC-06), open only when ALLOW_SIGNUP=true: a new account, a new organization it owns, the
// owner membership and the audit rows, in one transaction. Without SMTP the account is usable at
// once. With SMTP it starts unconfirmed (`email_verified_at` null) and the 24-hour link is queued
// in the same transaction (email-verification.ts). An address that already has an account gets,
// with SMTP, exactly the answer of a new sign-up after the same password hashing, and its owner is
// mailed a notice instead; nothing is created. Without SMTP there is no mail to hide behind, so
// that address is a field error (docs/adr/0004-sign-up-with-an-existing-address.md). Requests are
// throttled per source IP and per address with the limiter of the account pages' mails (AC-02).
import { randomInt } from "node:crypto";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { MailService } from "../mail/outbound-mail";
import { appLink, renderMail } from "../mail/templates";
import { insertOrganization } from "../orgs/create-organization";
import { isUniqueViolation } from "../orgs/organization-rules";
import { MAX_SLUG_LENGTH, slugFromName, slugProblem, TOMBSTONE_SLUG_PREFIX } from "../orgs/organization-schemas";
import type { AccountLimits } from "../rate-limit/account-limits";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { normalizeEmail } from "../validation/email";
import { sendVerificationLink } from "./email-verification";
import { hashPassword } from "./password";
import type { SignUpInput } from "./schemas";
import { auditAccountEvent } from "./user-audit";

export const SIGN_UP_CLOSED_MESSAGE = "Sign-up is not open on this server. Ask an owner for an invitation.";
export const ACCOUNT_EXISTS_MESSAGE = "An account with this email already exists. Sign in, or reset your password.";

/**
 * `signed_up`: usable now (no SMTP), sign in and go to `orgSlug`. `check_inbox`: a link is on its
 * way, or (indistinguishably) the address already had an account and its owner was told.
 */
export type SignUpResult =
  { status: "signed_up"; email: string; orgSlug: string } | { status: "check_inbox"; email: string };

export type SignUpOptions = {
  db?: Db;
  mail?: MailService;
  limits?: AccountLimits;
  appUrl?: string;
  /** ALLOW_SIGNUP, read from the running server's environment unless given. */
  allowSignup?: boolean;
  now?: Date;
  request?: RequestInfo;
};

export async function signUp(input: SignUpInput, options: SignUpOptions = {}): Promise<SignUpResult> {
  const runtime = getRuntime();
  const {
    db = runtime.db,
    mail = runtime.mail,
    limits = runtime.limits.account,
    appUrl = runtime.env.APP_URL,
    allowSignup = runtime.env.ALLOW_SIGNUP,
    now = runtime.clock.now(),
    request,
  } = options;
  if (!allowSignup) throw new AppError("not_found", SIGN_UP_CLOSED_MESSAGE, { detail: "sign_up_closed" });
  const email = normalizeEmail(input.email.trim());
  const gate = await limits.admit(request?.ip ?? "unknown", email);
  if (!gate.allowed) {
    throw new AppError("rate_limited", "Too many sign-ups from here. Wait a while and try again.", {
      headers: { "Retry-After": String(gate.retryAfterSeconds) },
    });
  }
  // Hashed whoever owns the address, so an existing one costs the same argon2 work as a new one.
  const passwordHash = await hashPassword(input.password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
  if (existing) return existingAccount(existing, { mail, appUrl });

  const orgName = input.organizationName.trim();
  const slug = await freeSlugFor(db, orgName);
  const verifyByMail = mail.configured;
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        // Without SMTP nothing could confirm the address, so it counts as confirmed (AC-06).
        data: { email, name: input.name, passwordHash, emailVerifiedAt: verifyByMail ? null : now },
        select: { id: true, email: true, name: true },
      });
      const org = await insertOrganization(tx, { userId: user.id }, { name: orgName, slug }, { request, now });
      await auditAccountEvent(tx, user, "user.signed_up", { request, at: now });
      if (!verifyByMail) return { status: "signed_up", email: user.email, orgSlug: org.slug } as const;
      await sendVerificationLink(tx, user, { mail, appUrl }, now);
      return { status: "check_inbox", email: user.email } as const;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // A sign-up racing this one took the address first: answer as for an existing one.
    const raced = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
    if (raced) return existingAccount(raced, { mail, appUrl });
    // Or another organization took the slug between the check and the insert.
    throw new AppError("conflict", "Someone just took this organization's URL. Try again.", {
      fieldErrors: { organizationName: ["Someone just took this organization's URL. Try again."] },
      cause: error,
    });
  }
}

/** With SMTP: the new sign-up's answer, and a notice to the owner. Without: a field error. */
async function existingAccount(
  user: { id: string; email: string; name: string },
  { mail, appUrl }: { mail: MailService; appUrl: string },
): Promise<SignUpResult> {
  if (!mail.configured) {
    throw new AppError("conflict", ACCOUNT_EXISTS_MESSAGE, {
      fieldErrors: { email: [ACCOUNT_EXISTS_MESSAGE] },
      detail: "account_exists",
    });
  }
  await mail.queue(existingAccountMail(user, appLink(appUrl, "/forgot-password")));
  return { status: "check_inbox", email: user.email };
}

const existingAccountMail = (user: { email: string; name: string }, url: string) =>
  renderMail({
    to: user.email,
    subject: "Someone tried to sign up with your address",
    intro: [
      `Hi ${user.name},`,
      "Someone tried to create a WorkFlux account with this email address. It already has an account (yours), so no new account was created.",
      "If it was you and you forgot your password, reset it:",
    ],
    action: { label: "Reset your password", url },
    outro: ["If it was not you, ignore this mail: nothing changed on your account."],
  });

/**
 * The organization's URL: the name's slug when it is free and allowed, else the slug with a short
 * random suffix (or `org-…` for a name with no usable letters). The sign-up form asks for a name
 * only; the owner can change the URL under Settings > General. The unique index has the last word.
 */
async function freeSlugFor(db: Db, name: string): Promise<string> {
  const base = slugFromName(name);
  const taken = async (slug: string) => (await db.organization.count({ where: { slug } })) > 0;
  if (!slugProblem(base) && !(await taken(base))) return base;
  const stem =
    base && !base.startsWith(TOMBSTONE_SLUG_PREFIX) ? base.slice(0, MAX_SLUG_LENGTH - 5).replace(/-+$/, "") : "org";
  let candidate = `${stem}-${randomSuffix()}`;
  for (let attempt = 0; attempt < 4 && (slugProblem(candidate) || (await taken(candidate))); attempt++)
    candidate = `${stem}-${randomSuffix()}`;
  return candidate;
}

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const randomSuffix = () => Array.from({ length: 4 }, () => SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)]).join("");
