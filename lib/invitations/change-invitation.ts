// Revoke an open invitation (its link stops working), or resend it: a new token, so the old link
// stops working, the expiry reset to 7 days, and the link mailed again (or shown once again
// without SMTP). Owners and admins; an owner invitation only by an owner. Another organization's
// invitation is answered not_found and left unchanged (SA-02).
import type { UserActor } from "../authz/actor";
import { notFoundHere } from "../authz/foreign-target";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import type { Tx } from "../db/client";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { generateOneTimeToken } from "../tokens/one-time-token";
import type { UseCaseOptions } from "../use-case";
import {
  auditInvitation,
  deliverInvitation,
  INVITATION_TTL_MS,
  invitationSelect,
  lockCaller,
  lockOrganization,
  NOT_HERE_MESSAGE,
  runtimeInvitationDeps,
  throttleInvitations,
  toInvitationDto,
  type InvitationDeps,
  type InvitationDto,
  type InvitationRow,
  type SentInvitation,
} from "./invitation-rules";

const CLOSED_MESSAGES = {
  used: "This invitation was already accepted.",
  revoked: "This invitation was already revoked.",
} as const;

/** The open invitation `invitationId` of the caller's organization, with the caller's role as of now. */
async function loadOpen(
  tx: Tx,
  actor: UserActor,
  invitationId: string,
): Promise<{ row: InvitationRow; inviterName: string; orgName: string }> {
  const orgName = await lockOrganization(tx, actor.orgId);
  const { caller, name } = await lockCaller(tx, actor);
  assertCan(caller, "members:manage");
  // Locked, so an accept running now (a conditional update of this row) waits for this change.
  await tx.$queryRaw`SELECT id FROM invitations WHERE id = ${invitationId}::uuid AND org_id = ${actor.orgId}::uuid FOR UPDATE`;
  const row = await tx.invitation.findFirst({
    where: { id: invitationId, orgId: actor.orgId },
    select: invitationSelect,
  });
  if (!row) throw await notFoundHere(tx, "invitation", invitationId, NOT_HERE_MESSAGE);
  if (row.role === "owner") assertCan(caller, "members:grant_owner");
  if (row.acceptedAt) throw new AppError("conflict", CLOSED_MESSAGES.used);
  if (row.revokedAt) throw new AppError("conflict", CLOSED_MESSAGES.revoked);
  return { row, inviterName: name, orgName };
}

export async function revokeInvitation(
  actor: UserActor,
  input: { invitationId: string },
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<InvitationDto> {
  assertCan(actor, "members:manage");
  assertRecentSignIn(actor, now);
  return db.$transaction(async (tx) => {
    await loadOpen(tx, actor, input.invitationId);
    const revoked = await tx.invitation.update({
      where: { id: input.invitationId, orgId: actor.orgId },
      data: { revokedAt: now },
      select: invitationSelect,
    });
    await auditInvitation(tx, actor, "member.invitation_revoked", revoked, request, now);
    return toInvitationDto(revoked, now);
  });
}

export async function resendInvitation(
  actor: UserActor,
  input: { invitationId: string },
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
  deps: InvitationDeps = runtimeInvitationDeps(),
): Promise<SentInvitation> {
  assertCan(actor, "members:manage");
  assertRecentSignIn(actor, now);
  await throttleInvitations(deps, actor.orgId);
  return db.$transaction(async (tx) => {
    const { row, inviterName, orgName } = await loadOpen(tx, actor, input.invitationId);
    const { token, digest } = generateOneTimeToken();
    const resent = await tx.invitation.update({
      where: { id: row.id, orgId: actor.orgId },
      data: { tokenDigest: digest, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS), lastSentAt: now },
      select: invitationSelect,
    });
    await auditInvitation(tx, actor, "member.invitation_resent", resent, request, now);
    const delivery = await deliverInvitation(
      tx,
      deps,
      { email: row.email, role: row.role, token },
      { orgName, inviterName },
    );
    return { invitation: toInvitationDto(resent, now), delivery };
  });
}
