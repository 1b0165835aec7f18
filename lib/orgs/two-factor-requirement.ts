// An owner requires two-factor authentication for every member (TF-05): from then on a member
// without it reaches only their account's security settings, and every action and route of the
// organization refuses them. Owners only, in sudo mode, and only once the owner has two-factor
// themselves (so the change cannot shut them out). Audited with the members it affects.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { getDb, type Db, type Tx } from "../db/client";
import { AppError } from "../errors";
import { hasSecondFactor } from "../two-factor/two-factor";
import type { UseCaseOptions } from "../use-case";
import { auditOrganizationChange, lockOrganization } from "./organization-rules";

export const OWN_TWO_FACTOR_FIRST =
  "Turn on two-factor authentication for your own account first (Settings > Account).";

export type TwoFactorRequirement = { required: boolean; membersWithout: number };

/** How many members have no second factor yet: the ones a requirement holds back. */
export async function membersWithoutTwoFactor(orgId: string, { db = getDb() }: { db?: Db | Tx } = {}): Promise<number> {
  return db.membership.count({
    where: { orgId, user: { OR: [{ totpFactor: null }, { totpFactor: { confirmedAt: null } }] } },
  });
}

/** Whether the actor's organization requires two-factor, and how many members have none yet. */
export async function getTwoFactorRequirement(
  actor: UserActor,
  { db = getDb() }: { db?: Db } = {},
): Promise<TwoFactorRequirement> {
  const [org, membersWithout] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: actor.orgId }, select: { requireTwoFactor: true } }),
    membersWithoutTwoFactor(actor.orgId, { db }),
  ]);
  return { required: org.requireTwoFactor, membersWithout };
}

export async function setTwoFactorRequirement(
  actor: UserActor,
  input: { required: boolean },
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<TwoFactorRequirement> {
  assertCan(actor, "organization:require_two_factor");
  assertRecentSignIn(actor, now);
  if (input.required && !(await hasSecondFactor(db, actor.userId)))
    throw new AppError("conflict", OWN_TWO_FACTOR_FIRST);
  return db.$transaction(async (tx) => {
    const { org, caller } = await lockOrganization(tx, actor);
    assertCan(caller, "organization:require_two_factor");
    const { requireTwoFactor } = await tx.organization.findUniqueOrThrow({
      where: { id: org.id },
      select: { requireTwoFactor: true },
    });
    const membersWithout = await membersWithoutTwoFactor(org.id, { db: tx });
    if (requireTwoFactor === input.required) return { required: requireTwoFactor, membersWithout };
    await tx.organization.update({ where: { id: org.id }, data: { requireTwoFactor: input.required } });
    await auditOrganizationChange(
      tx,
      caller,
      input.required ? "organization.two_factor_required" : "organization.two_factor_optional",
      org,
      { membersWithout },
      request,
      now,
    );
    return { required: input.required, membersWithout };
  });
}
