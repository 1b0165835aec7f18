// Settings > Members: every member of the caller's organization, oldest first. Every role reads.
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import { memberSelect, toMemberDto, type MemberDto } from "./member-rules";

export async function listMembers(actor: Actor, { db = getDb() } = {}): Promise<MemberDto[]> {
  assertCan(actor, "members:read");
  const rows = await db.membership.findMany({
    where: { orgId: actor.orgId },
    select: memberSelect,
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(toMemberDto);
}
