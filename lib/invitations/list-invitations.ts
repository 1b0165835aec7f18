// The organization's open invitations (neither accepted nor revoked), newest first, expired ones
// included so they can be resent. Only those who manage members see them: the addresses belong to
// people who are not members yet.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import type { UseCaseOptions } from "../use-case";
import { invitationSelect, toInvitationDto, type InvitationDto } from "./invitation-rules";

export async function listInvitations(
  actor: UserActor,
  { db = getDb(), now = new Date() }: UseCaseOptions = {},
): Promise<InvitationDto[]> {
  assertCan(actor, "members:manage");
  const rows = await db.invitation.findMany({
    where: { orgId: actor.orgId, acceptedAt: null, revokedAt: null },
    select: invitationSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
  });
  return rows.map((row) => toInvitationDto(row, now));
}
