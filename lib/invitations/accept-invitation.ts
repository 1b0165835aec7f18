// Accepting an invitation (IV-03, IV-04, OT-01). A new user chooses a name and a password (the
// invitation proves the address); a signed-in user joins when their address matches (NFC and
// case folded, IV-02). Either way the invitation is consumed by one conditional update (not
// accepted, not revoked, not expired) whose count must be 1, in the same transaction as the
// account and the membership, so two concurrent accepts create one membership.
import type { UserActor } from "../authz/actor";
import type { Db, Tx } from "../db/client";
import { getDb } from "../db/client";
import { Prisma } from "../db/generated/client";
import type { Role } from "../db/enums";
import { AppError } from "../errors";
import { auditMemberChange, memberSelect } from "../orgs/member-rules";
import type { UseCaseOptions } from "../use-case";
import { hashPassword } from "../users/password";
import { normalizeEmail } from "../validation/email";
import { accountExists } from "./find-invitation";
import { invitationState, lookupDigest, type InvitationState } from "./invitation-rules";

export const NOT_FOUND_MESSAGE = "This invitation link is not valid.";
export const ACCOUNT_EXISTS_MESSAGE = "An account with this email already exists. Sign in to accept the invitation.";
export const OTHER_ADDRESS_MESSAGE = "This invitation is for another email address.";
const CLOSED: Record<Exclude<InvitationState, "valid">, string> = {
  used: "This invitation has already been used.",
  revoked: "This invitation was revoked.",
  expired: "This invitation has expired. Ask for a new one.",
};

const pendingSelect = {
  id: true,
  orgId: true,
  normalizedEmail: true,
  role: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  invitedById: true,
  org: { select: { slug: true } },
} as const;

export type PendingInvitation = Prisma.InvitationGetPayload<{ select: typeof pendingSelect }>;
type Pending = PendingInvitation;

export type Accepted = { orgSlug: string; email: string; joined: boolean };

async function loadPending(db: Db | Tx, token: string, now: Date): Promise<Pending> {
  const digest = lookupDigest(token);
  const row = digest ? await db.invitation.findUnique({ where: { tokenDigest: digest }, select: pendingSelect }) : null;
  if (!row) throw new AppError("not_found", NOT_FOUND_MESSAGE);
  const state = invitationState(row, now);
  if (state !== "valid") throw new AppError("conflict", CLOSED[state], { detail: `invitation_${state}` });
  return row;
}

/** The one conditional update that uses the link up; anything else than one row means it is no longer valid. */
async function consume(tx: Tx, invitation: Pending, now: Date): Promise<void> {
  const { count } = await tx.invitation.updateMany({
    where: { id: invitation.id, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { acceptedAt: now },
  });
  if (count === 1) return;
  const current = await tx.invitation.findUniqueOrThrow({ where: { id: invitation.id }, select: pendingSelect });
  const state = invitationState(current, now);
  throw new AppError("conflict", state === "valid" ? CLOSED.used : CLOSED[state], { detail: "invitation_consumed" });
}

/** Adds the membership (nothing when the user already is a member) and its `member.added` event. */
async function join(tx: Tx, invitation: Pending, userId: string, options: UseCaseOptions, now: Date) {
  await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedById: userId } });
  const { count } = await tx.membership.createMany({
    data: [{ orgId: invitation.orgId, userId, role: invitation.role }],
    skipDuplicates: true,
  });
  if (count === 0) return false;
  const membership = await tx.membership.findUniqueOrThrow({
    where: { userId_orgId: { userId, orgId: invitation.orgId } },
    select: memberSelect,
  });
  // The new member is the actor: they accepted; the inviter is named in the details.
  const actor: UserActor = { kind: "user", userId, orgId: invitation.orgId, role: invitation.role as Role };
  const metadata = { role: invitation.role, via: "invitation", invitedBy: invitation.invitedById };
  await auditMemberChange(tx, actor, "member.added", membership, metadata, options.request, now);
  return true;
}

/**
 * Uses the invitation up and makes `userId` a member, inside the caller's transaction: the one
 * conditional update and the membership commit together (IV-04), whatever proved the address (the
 * link, or a single sign-on provider's verified email, SO-04).
 */
export async function acceptInvitationInTx(
  tx: Tx,
  invitation: PendingInvitation,
  userId: string,
  options: UseCaseOptions,
  now: Date,
): Promise<boolean> {
  await consume(tx, invitation, now);
  return join(tx, invitation, userId, options, now);
}

/** The newest open (not accepted, not revoked, not expired) invitation for a normalized address. */
export async function findOpenInvitationForEmail(
  db: Db | Tx,
  normalizedEmail: string,
  now: Date,
): Promise<PendingInvitation | null> {
  return db.invitation.findFirst({
    where: {
      normalizedEmail,
      acceptedAt: null,
      revokedAt: null,
      expiresAt: { gt: now },
      org: { deletedAt: null },
    },
    orderBy: { createdAt: "desc" },
    select: pendingSelect,
  });
}

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export async function acceptInvitationAsNewUser(
  input: { token: string; name: string; password: string },
  options: UseCaseOptions = {},
): Promise<Accepted> {
  const { db = getDb(), now = new Date() } = options;
  const seen = await loadPending(db, input.token, now);
  if (await accountExists(db, seen.normalizedEmail))
    throw new AppError("conflict", ACCOUNT_EXISTS_MESSAGE, { detail: "account_exists" });
  // Hashed before the transaction: argon2 takes tens of milliseconds no lock needs to wait for.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      await consume(tx, seen, now);
      if (await accountExists(tx, seen.normalizedEmail))
        throw new AppError("conflict", ACCOUNT_EXISTS_MESSAGE, { detail: "account_exists" });
      const user = await tx.user.create({
        data: { email: seen.normalizedEmail, name: input.name, passwordHash },
        select: { id: true, email: true },
      });
      await join(tx, seen, user.id, options, now);
      return { orgSlug: seen.org.slug, email: user.email, joined: true };
    });
  } catch (error) {
    // Another request created the account first (the users.email unique index).
    if (isUniqueViolation(error)) throw new AppError("conflict", ACCOUNT_EXISTS_MESSAGE, { detail: "account_exists" });
    throw error;
  }
}

export async function acceptInvitationAsUser(
  user: { id: string; email: string },
  input: { token: string },
  options: UseCaseOptions = {},
): Promise<Accepted> {
  const { db = getDb(), now = new Date() } = options;
  const seen = await loadPending(db, input.token, now);
  if (normalizeEmail(user.email) !== seen.normalizedEmail)
    throw new AppError("forbidden", OTHER_ADDRESS_MESSAGE, { detail: "invitation_email_mismatch" });
  return db.$transaction(async (tx) => {
    const joined = await acceptInvitationInTx(tx, seen, user.id, options, now);
    return { orgSlug: seen.org.slug, email: user.email, joined };
  });
}
