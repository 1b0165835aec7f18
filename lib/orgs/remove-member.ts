// Remove a member: owners and admins; only owners remove an owner; the last owner cannot be
// removed or leave (conflict). One transaction with its `member.removed` event. Nothing else is
// bumped: every request re-reads the membership, so the removed user is out on the next one.
import type { UserActor } from "../authz/actor";
import type { UseCaseOptions } from "../use-case";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import {
  auditMemberChange,
  CHANGED_MESSAGE,
  LAST_OWNER_MESSAGE,
  loadMember,
  lockCallerAndTarget,
  lockOwners,
} from "./member-rules";
import type { RemoveMemberInput } from "./schemas";

export async function removeMember(
  actor: UserActor,
  input: Pick<RemoveMemberInput, "memberId">,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<{ id: string }> {
  assertCan(actor, "members:manage");
  return db.$transaction(async (tx) => {
    const seen = await loadMember(tx, actor.orgId, input.memberId);
    // Owner rows first, then the caller's and the target's: one lock order for every change.
    const owners = seen.role === "owner" ? await lockOwners(tx, actor.orgId) : null;
    const { caller, target } = await lockCallerAndTarget(tx, actor, input.memberId);
    assertCan(caller, "members:manage");
    if (target.role === "owner") {
      if (owners === null) throw new AppError("conflict", CHANGED_MESSAGE);
      assertCan(caller, "members:grant_owner");
      if (owners <= 1) throw new AppError("conflict", LAST_OWNER_MESSAGE);
    }
    await tx.membership.delete({ where: { id: target.id, orgId: actor.orgId } });
    await auditMemberChange(tx, actor, "member.removed", target, { role: target.role }, request, now);
    return { id: target.id };
  });
}
