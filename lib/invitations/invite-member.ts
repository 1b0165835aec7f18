// Invite someone by email with a role (IV-01): owners and admins; only owners invite owners. One
// open invitation per address, none for a member. The invitation, its `member.invited` event and
// its mail (when SMTP is configured) commit together; without SMTP the link is returned once.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { getDb } from "../db/client";
import type { Role } from "../db/enums";
import { AppError } from "../errors";
import { generateOneTimeToken } from "../tokens/one-time-token";
import type { UseCaseOptions } from "../use-case";
import { normalizeEmail } from "../validation/email";
import {
  ALREADY_INVITED_MESSAGE,
  ALREADY_MEMBER_MESSAGE,
  auditInvitation,
  deliverInvitation,
  INVITATION_TTL_MS,
  invitationSelect,
  lockCaller,
  lockOrganization,
  openInvitationWhere,
  runtimeInvitationDeps,
  throttleInvitations,
  toInvitationDto,
  type InvitationDeps,
  type SentInvitation,
} from "./invitation-rules";

const emailConflict = (message: string) => new AppError("conflict", message, { fieldErrors: { email: [message] } });

export async function inviteMember(
  actor: UserActor,
  input: { email: string; role: Role },
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
  deps: InvitationDeps = runtimeInvitationDeps(),
): Promise<SentInvitation> {
  assertCan(actor, "members:manage");
  if (input.role === "owner") assertCan(actor, "members:grant_owner");
  assertRecentSignIn(actor, now);
  const email = input.email.trim();
  const normalized = normalizeEmail(email);
  await throttleInvitations(deps, actor.orgId);
  return db.$transaction(async (tx) => {
    const orgName = await lockOrganization(tx, actor.orgId);
    const { caller, name: inviterName } = await lockCaller(tx, actor);
    assertCan(caller, "members:manage");
    if (input.role === "owner") assertCan(caller, "members:grant_owner");

    const members = await tx.membership.findMany({
      where: { orgId: actor.orgId },
      select: { user: { select: { email: true } } },
    });
    if (members.some((member) => normalizeEmail(member.user.email) === normalized))
      throw emailConflict(ALREADY_MEMBER_MESSAGE);
    const open = await tx.invitation.findFirst({
      where: openInvitationWhere(actor.orgId, email),
      select: { id: true },
    });
    if (open) throw emailConflict(ALREADY_INVITED_MESSAGE);

    const { token, digest } = generateOneTimeToken();
    const row = await tx.invitation.create({
      data: {
        orgId: actor.orgId,
        email,
        normalizedEmail: normalized,
        role: input.role,
        tokenDigest: digest,
        invitedById: actor.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
        lastSentAt: now,
      },
      select: invitationSelect,
    });
    await auditInvitation(tx, actor, "member.invited", row, request, now);
    const delivery = await deliverInvitation(tx, deps, { email, role: input.role, token }, { orgName, inviterName });
    return { invitation: toInvitationDto(row, now), delivery };
  });
}
