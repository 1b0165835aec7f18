// Create an organization (OR-01, OR-02): any signed-in user may; they become its owner. The slug
// is the one the user chose or, without one, the name's; it must follow the slug rules, must not be
// reserved, and must be free: a taken slug, including one taken by a create racing this one, is
// the field error "This URL is taken". Organization, owner membership and `organization.created`
// are one transaction.
import { recordChange } from "../audit/record-audit-event";
import { userActor } from "../authz/actor";
import { getDb, type Tx } from "../db/client";
import { AppError } from "../errors";
import type { RequestInfo, UseCaseOptions } from "../use-case";
import { isUniqueViolation, slugTaken, toOrganizationDto, type OrganizationDto } from "./organization-rules";
import { slugFromName, slugProblem, type CreateOrganizationInput } from "./organization-schemas";

/** Who creates: a signed-in user, who need not belong to any organization yet. */
export type Creator = { userId: string };

export async function createOrganization(
  creator: Creator,
  input: CreateOrganizationInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<OrganizationDto> {
  const name = input.name.trim();
  const slug = input.slug ?? slugFromName(name);
  const problem = slugProblem(slug);
  if (problem) throw new AppError("invalid_request", problem, { fieldErrors: { slug: [problem] } });
  try {
    return await db.$transaction((tx) => insertOrganization(tx, creator, { name, slug }, { request, now }));
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(error);
    throw error;
  }
}

/**
 * The writes of a new organization inside the caller's transaction: the row, the creator's owner
 * membership and `organization.created`. The name and slug are already checked; a taken slug
 * surfaces as the database's unique violation (`isUniqueViolation`), which aborts `tx`, so the
 * caller maps it once the transaction is over. Sign-up calls it in the transaction that creates
 * the account too (AC-06).
 */
export async function insertOrganization(
  tx: Tx,
  creator: Creator,
  { name, slug }: { name: string; slug: string },
  { request, now }: { request?: RequestInfo; now: Date },
): Promise<OrganizationDto> {
  // Tombstones free their slug (docs/adr/0003), so the unique index is the only judge of "taken".
  const org = await tx.organization.create({ data: { name, slug }, select: { id: true, slug: true, name: true } });
  await tx.membership.create({ data: { userId: creator.userId, orgId: org.id, role: "owner" } });
  await recordChange(
    tx,
    userActor(creator.userId, org.id, "owner"),
    {
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      targetLabel: org.name,
      metadata: { slug: org.slug, ownerUserId: creator.userId },
    },
    request,
    now,
  );
  return toOrganizationDto(org);
}
