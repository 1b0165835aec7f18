// Change a member's role: owners and admins; only owners grant or take away the owner role; the
// last owner cannot be demoted (conflict). One transaction with its `member.role_changed` event.
import type { UserActor } from "../authz/actor";
import type { UseCaseOptions } from "../use-case";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import {
  auditMemberChange,
  CHANGED_MESSAGE,
  LAST_OWNER_MESSAGE,
  loadMember,
  lockCallerAndTarget,
  lockOwners,
  memberSelect,
  toMemberDto,
  type MemberDto,
} from "./member-rules";
import type { ChangeMemberRoleInput } from "./schemas";

export async function changeMemberRole(
  actor: UserActor,
  input: Pick<ChangeMemberRoleInput, "memberId" | "role">,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<MemberDto> {
  assertCan(actor, "members:manage");
  assertRecentSignIn(actor, now);
  return db.$transaction(async (tx) => {
    const seen = await loadMember(tx, actor.orgId, input.memberId);
    const touchesOwner = seen.role === "owner" || input.role === "owner";
    // Owner rows first, then the caller's and the target's: one lock order for every change.
    const owners = touchesOwner ? await lockOwners(tx, actor.orgId) : null;
    const { caller, target } = await lockCallerAndTarget(tx, actor, input.memberId);
    assertCan(caller, "members:manage");
    if (target.role === "owner" || input.role === "owner") {
      if (owners === null) throw new AppError("conflict", CHANGED_MESSAGE);
      assertCan(caller, "members:grant_owner");
      if (target.role === "owner" && input.role !== "owner" && owners <= 1)
        throw new AppError("conflict", LAST_OWNER_MESSAGE);
    }
    if (target.role === input.role) return toMemberDto(target);
    const updated = await tx.membership.update({
      where: { id: target.id, orgId: actor.orgId },
      data: { role: input.role },
      select: memberSelect,
    });
    await auditMemberChange(
      tx,
      actor,
      "member.role_changed",
      target,
      { from: target.role, to: input.role },
      request,
      now,
    );
    return toMemberDto(updated);
  });
}
