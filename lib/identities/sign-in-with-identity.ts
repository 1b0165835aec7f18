// Single sign-on's rules (SO-03, SO-04, SO-05), without HTTP: next-auth has already checked the
// provider's answer (state, PKCE, nonce, the id token: SO-02) and hands over who the provider says
// this is. A known (provider, subject) signs its user in. Otherwise the provider's email links to
// the account that has it, but only when the provider says the address is verified, so nobody takes
// over an account by typing its address at an IdP that does not check it. An address with no
// account gets one only through an open invitation (accepted in the same transaction) or open
// sign-up; anything else is refused. An accepted sign-in starts a session row (SS-01) whose
// authenticatedAt is now, so it counts for sudo mode (SS-03).
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvents } from "../audit/record-audit-event";
import type { Db, Tx } from "../db/client";
import { getDb } from "../db/client";
import { Prisma } from "../db/generated/client";
import { acceptInvitationInTx, findOpenInvitationForEmail } from "../invitations/accept-invitation";
import { startSession } from "../sessions/session-store";
import type { RequestInfo } from "../use-case";
import { normalizeEmail } from "../validation/email";

export type SsoProvider = "github" | "google" | "oidc";

/** What the provider asserted, already verified by next-auth. */
export type IdpAssertion = {
  provider: SsoProvider;
  subject: string;
  email: string | null;
  /** True only when the provider said so explicitly (`email_verified === true`, GitHub's verified flag). */
  emailVerified: boolean;
  name: string | null;
};

export type SsoRefusal = "email_unverified" | "no_account" | "account_unconfirmed";

export type SsoSignInResult =
  | { ok: true; userId: string; sessionId: string; via: "identity" | "linked" | "invitation" | "sign_up" }
  | { ok: false; reason: SsoRefusal };

export type SsoSignInOptions = {
  db?: Db;
  now?: Date;
  request?: RequestInfo;
  /** ALLOW_SIGNUP of the running server. */
  allowSignup: boolean;
};

const MAX_NAME_LENGTH = 64;

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export async function signInWithIdentity(assertion: IdpAssertion, options: SsoSignInOptions): Promise<SsoSignInResult> {
  try {
    return await attempt(assertion, options);
  } catch (error) {
    // Two first sign-ins of one identity (or one address) at once: the unique index let one
    // through; the other now finds what it made.
    if (!isUniqueViolation(error)) throw error;
    return attempt(assertion, options);
  }
}

async function attempt(assertion: IdpAssertion, options: SsoSignInOptions): Promise<SsoSignInResult> {
  const { db = getDb(), now = new Date(), request } = options;
  const { provider, subject } = assertion;
  const email = assertion.email ? normalizeEmail(assertion.email.trim()) : null;

  const known = await db.identity.findUnique({
    where: { provider_subject: { provider, subject } },
    select: { id: true, user: { select: { id: true, email: true } } },
  });
  if (known) {
    return db.$transaction(async (tx) => {
      await tx.identity.update({
        where: { id: known.id },
        data: { lastUsedAt: now, ...(email && assertion.emailVerified ? { email } : {}) },
      });
      return succeed(tx, known.user, assertion, "identity", options, now);
    });
  }

  // Linking and creating both rest on the address: only a verified one counts (SO-03).
  if (!email || !assertion.emailVerified) {
    await auditRefusal(db, assertion, email, "email_unverified", request, now);
    return { ok: false, reason: "email_unverified" };
  }

  const existing = await findUserByEmail(db, email);
  // A sign-up whose address was never confirmed (AC-06) may be someone else's squat on this
  // address, with a password they know: linking the real owner's identity to it would hand them
  // the account. The owner confirms it (or resets its password) first.
  if (existing && !existing.email_verified) {
    await auditRefusal(db, assertion, email, "account_unconfirmed", request, now);
    return { ok: false, reason: "account_unconfirmed" };
  }
  if (existing) {
    const user = { id: existing.id, email: existing.email };
    return db.$transaction(async (tx) => {
      await link(tx, user, assertion, email, request, now);
      return succeed(tx, user, assertion, "linked", options, now);
    });
  }

  const invitation = await findOpenInvitationForEmail(db, email, now);
  if (!invitation && !options.allowSignup) {
    await auditRefusal(db, assertion, email, "no_account", request, now);
    return { ok: false, reason: "no_account" };
  }
  return db.$transaction(async (tx) => {
    // No password: this identity is the account's way in until its owner sets one (SO-07).
    const user = await tx.user.create({
      data: { email, name: displayName(assertion.name, email), passwordHash: null, emailVerifiedAt: now },
      select: { id: true, email: true },
    });
    await link(tx, user, assertion, email, request, now);
    if (invitation) {
      await acceptInvitationInTx(tx, invitation, user.id, { db, now, request }, now);
      return succeed(tx, user, assertion, "invitation", options, now);
    }
    await auditUser(tx, user, "user.signed_up", { provider }, request, now);
    return succeed(tx, user, assertion, "sign_up", options, now);
  });
}

async function findUserByEmail(db: Db | Tx, email: string) {
  // Accounts are stored under normalizeEmail; older rows are compared normalized too (IV-02).
  const rows = await db.$queryRaw<Array<{ id: string; email: string; email_verified: boolean }>>`
    SELECT id, email, email_verified_at IS NOT NULL AS email_verified
    FROM users WHERE email = ${email} OR lower(normalize(email, NFC)) = ${email} LIMIT 1`;
  return rows[0] ?? null;
}

async function link(
  tx: Tx,
  user: { id: string; email: string },
  assertion: IdpAssertion,
  email: string,
  request: RequestInfo | undefined,
  now: Date,
) {
  await tx.identity.create({
    data: {
      provider: assertion.provider,
      subject: assertion.subject,
      userId: user.id,
      email,
      createdAt: now,
      lastUsedAt: now,
    },
  });
  await auditUser(tx, user, "user.identity_linked", { provider: assertion.provider }, request, now);
}

async function succeed(
  tx: Tx,
  user: { id: string; email: string },
  assertion: IdpAssertion,
  via: "identity" | "linked" | "invitation" | "sign_up",
  options: SsoSignInOptions,
  now: Date,
): Promise<SsoSignInResult> {
  const request = options.request;
  const sessionId = await startSession(
    tx,
    user.id,
    { ip: request?.ip ?? null, userAgent: request?.userAgent ?? null },
    now,
  );
  await auditUser(tx, user, "user.sign_in", { provider: assertion.provider }, request, now);
  return { ok: true, userId: user.id, sessionId, via };
}

/** A name for a new account: the provider's, cleaned, or the address's local part. */
export function displayName(name: string | null, email: string): string {
  const cleaned = (name ?? "")
    .replace(/[\u0000-\u001f\u007f]/g, " ")
    .trim()
    .slice(0, MAX_NAME_LENGTH)
    .trim();
  return cleaned || email.slice(0, email.lastIndexOf("@")).slice(0, MAX_NAME_LENGTH) || "User";
}

// An account event goes to each of the user's organizations (their admins see it), or to the
// instance-level log when there is none, as the password sign-in's does.
export async function auditUser(
  tx: Tx,
  user: { id: string; email: string },
  action: AuditAction,
  metadata: Record<string, string>,
  request: RequestInfo | undefined,
  now: Date,
) {
  const memberships = await tx.membership.findMany({ where: { userId: user.id }, select: { orgId: true } });
  const orgIds = memberships.length > 0 ? memberships.map((m) => m.orgId) : [null];
  await recordAuditEvents(
    tx,
    orgIds.map((orgId) => ({
      orgId,
      actorType: "user" as const,
      actorId: user.id,
      actorLabel: user.email,
      action,
      targetType: "user",
      targetId: user.id,
      targetLabel: user.email,
      ip: request?.ip ?? null,
      userAgent: request?.userAgent ?? null,
      metadata,
      at: now,
    })),
  );
}

/** A refused SSO sign-in names no account (there may be none): the instance-level log. */
async function auditRefusal(
  db: Db,
  assertion: IdpAssertion,
  email: string | null,
  reason: SsoRefusal,
  request: RequestInfo | undefined,
  now: Date,
) {
  await recordAuditEvents(db, [
    {
      orgId: null,
      actorType: "user",
      actorId: null,
      actorLabel: email,
      action: "user.sign_in_failed",
      outcome: "failure",
      ip: request?.ip ?? null,
      userAgent: request?.userAgent ?? null,
      metadata: { provider: assertion.provider, reason },
      at: now,
    },
  ]);
}
