// What member changes share (SA-08): the target is read within the
// caller's organization only; a change that touches the owner role first locks the organization's
// owner memberships (FOR UPDATE, in id order), so two owners demoting or removing each other at
// once serialise and at least one owner always remains. Every change then locks the caller's and
// the target's rows and decides on the role the caller holds as of the transaction.
import { recordChange } from "../audit/record-audit-event";
import type { UserActor } from "../authz/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Role } from "../db/enums";
import { AppError } from "../errors";
import { notFoundHere } from "../authz/foreign-target";
import type { RequestInfo } from "../use-case";

export const LAST_OWNER_MESSAGE = "This is the organization's last owner. Make another member an owner first.";
export const CHANGED_MESSAGE = "This member's role just changed. Reload the page and try again.";

export const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

export type MemberRow = Prisma.MembershipGetPayload<{ select: typeof memberSelect }>;

export async function loadMember(tx: Tx, orgId: string, memberId: string): Promise<MemberRow> {
  const row = await tx.membership.findFirst({ where: { id: memberId, orgId }, select: memberSelect });
  if (!row) throw await notFoundHere(tx, "membership", memberId, "This member is not in the organization.");
  return row;
}

/** Locks the org's owner rows (in id order) and returns how many owners there are. */
export async function lockOwners(tx: Tx, orgId: string): Promise<number> {
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM memberships WHERE org_id = ${orgId}::uuid AND role = 'owner' ORDER BY id FOR UPDATE`;
  return rows.length;
}

/**
 * Locks the caller's and the target's memberships in one statement, in id order (two members
 * changing each other at once cannot deadlock), and returns the caller's role as of now and the
 * target as it is now. The caller no longer a member → not_found; the target gone → not_found.
 */
export async function lockCallerAndTarget(
  tx: Tx,
  actor: UserActor,
  memberId: string,
): Promise<{ caller: UserActor; target: MemberRow }> {
  const rows = await tx.$queryRaw<Array<{ id: string; user_id: string; role: Role }>>`
    SELECT id, user_id, role FROM memberships
    WHERE org_id = ${actor.orgId}::uuid AND (id = ${memberId}::uuid OR user_id = ${actor.userId}::uuid)
    ORDER BY id FOR UPDATE`;
  const own = rows.find((row) => row.user_id === actor.userId);
  if (!own) throw new AppError("not_found", "Not found.");
  const caller = { ...actor, role: own.role };
  return { caller, target: await loadMember(tx, actor.orgId, memberId) };
}

export async function auditMemberChange(
  tx: Tx,
  actor: UserActor,
  action: "member.added" | "member.role_changed" | "member.removed",
  target: MemberRow,
  metadata: Prisma.InputJsonObject,
  request: RequestInfo | undefined,
  now: Date,
): Promise<void> {
  const change = {
    action,
    targetType: "user",
    targetId: target.user.id,
    // The member's name as of the change, kept in the audit log if it changes or they leave.
    targetLabel: target.user.name || target.user.email,
    metadata: { ...metadata, email: target.user.email },
  };
  await recordChange(tx, actor, change, request, now);
}

export type MemberDto = { id: string; userId: string; name: string; email: string; role: Role; joinedAt: string };

export const toMemberDto = (row: MemberRow): MemberDto => ({
  id: row.id,
  userId: row.user.id,
  name: row.user.name,
  email: row.user.email,
  role: row.role,
  joinedAt: row.createdAt.toISOString(),
});
