// Rename an organization (OR-04): owners and admins. The slug (and so every link) stays; the name
// is what the switcher and the header show. One transaction with `organization.renamed` {from, to}.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import type { UseCaseOptions } from "../use-case";
import {
  auditOrganizationChange,
  lockOrganization,
  toOrganizationDto,
  type OrganizationDto,
} from "./organization-rules";
import type { RenameOrganizationInput } from "./organization-schemas";

export async function renameOrganization(
  actor: UserActor,
  input: Pick<RenameOrganizationInput, "name">,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<OrganizationDto> {
  assertCan(actor, "organization:rename");
  const name = input.name.trim();
  return db.$transaction(async (tx) => {
    const { org, caller } = await lockOrganization(tx, actor);
    assertCan(caller, "organization:rename");
    if (org.name === name) return toOrganizationDto(org);
    const updated = await tx.organization.update({
      where: { id: org.id },
      data: { name },
      select: { id: true, slug: true, name: true },
    });
    await auditOrganizationChange(
      tx,
      caller,
      "organization.renamed",
      updated,
      { from: org.name, to: name },
      request,
      now,
    );
    return toOrganizationDto(updated);
  });
}
