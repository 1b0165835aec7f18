// Add an existing user to the organization by email (no invitations yet): owners and admins; only
// owners add an owner. One transaction with its `member.added` event, deciding on the caller's
// role as of the transaction (owner rows locked first, as every member change does).
import type { UserActor } from "../authz/actor";
import type { UseCaseOptions } from "../use-case";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import type { Role } from "../db/enums";
import { AppError } from "../errors";
import { auditMemberChange, lockOwners, memberSelect, toMemberDto, type MemberDto } from "./member-rules";
import type { AddMemberInput } from "./schemas";

export const NO_ACCOUNT_MESSAGE = "No one has an account with this email. Ask them to sign up first.";

export async function addMember(
  actor: UserActor,
  input: Pick<AddMemberInput, "email" | "role">,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<MemberDto> {
  assertCan(actor, "members:manage");
  return db.$transaction(async (tx) => {
    if (input.role === "owner") await lockOwners(tx, actor.orgId);
    const own = await tx.$queryRaw<Array<{ role: Role }>>`
      SELECT role FROM memberships WHERE org_id = ${actor.orgId}::uuid AND user_id = ${actor.userId}::uuid FOR UPDATE`;
    if (!own[0]) throw new AppError("not_found", "Not found.");
    const caller = { ...actor, role: own[0].role };
    assertCan(caller, "members:manage");
    if (input.role === "owner") assertCan(caller, "members:grant_owner");
    const user = await tx.user.findUnique({ where: { email: input.email }, select: { id: true } });
    if (!user) throw new AppError("not_found", NO_ACCOUNT_MESSAGE, { fieldErrors: { email: [NO_ACCOUNT_MESSAGE] } });
    const existing = await tx.membership.findFirst({
      where: { orgId: actor.orgId, userId: user.id },
      select: { id: true },
    });
    if (existing)
      throw new AppError("conflict", "This person is already a member.", {
        fieldErrors: { email: ["This person is already a member."] },
      });
    const created = await tx.membership.create({
      data: { orgId: actor.orgId, userId: user.id, role: input.role },
      select: memberSelect,
    });
    await auditMemberChange(tx, actor, "member.added", created, { role: input.role }, request, now);
    return toMemberDto(created);
  });
}
