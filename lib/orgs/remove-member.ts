// Remove a member: owners and admins; only owners remove an owner; the last owner cannot be
// removed or leave (conflict). One transaction with its `member.removed` event. Nothing else is
// bumped: every request re-reads the membership, so the removed user is out on the next one.
import { assertCan, type Actor } from "../authz/permissions";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import {
  auditMemberChange,
  currentRole,
  LAST_OWNER_MESSAGE,
  loadMember,
  lockOwners,
  OWNER_ONLY_MESSAGE,
  type MemberUseCaseOptions,
} from "./member-rules";
import type { RemoveMemberInput } from "./schemas";

export async function removeMember(
  actor: Actor,
  input: Pick<RemoveMemberInput, "memberId">,
  { db = getDb(), now = new Date(), request }: MemberUseCaseOptions = {},
): Promise<{ id: string }> {
  assertCan(actor, "members:manage");
  return db.$transaction(async (tx) => {
    let target = await loadMember(tx, actor.orgId, input.memberId);
    if (target.role === "owner") {
      const owners = await lockOwners(tx, actor.orgId);
      if ((await currentRole(tx, actor)) !== "owner") throw new AppError("forbidden", OWNER_ONLY_MESSAGE);
      target = await loadMember(tx, actor.orgId, input.memberId);
      if (target.role === "owner" && owners <= 1) throw new AppError("conflict", LAST_OWNER_MESSAGE);
    }
    await tx.membership.delete({ where: { id: target.id, orgId: actor.orgId } });
    await auditMemberChange(tx, actor, "member.removed", target, { role: target.role }, request, now);
    return { id: target.id };
  });
}
