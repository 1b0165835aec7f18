// Change an organization's slug, its URL (OR-03, OR-04): owners only. The old slug answers 404 at
// once, with no redirect (a redirect would keep the old name pointing here, and would hand whoever
// takes the old slug next a stream of someone else's links); the slug is free for anyone to take.
// One transaction with `organization.slug_changed` {from, to}; a taken slug is a field error.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import type { UseCaseOptions } from "../use-case";
import {
  auditOrganizationChange,
  isUniqueViolation,
  lockOrganization,
  slugTaken,
  toOrganizationDto,
  type OrganizationDto,
} from "./organization-rules";
import { slugProblem, type ChangeOrganizationSlugInput } from "./organization-schemas";

export async function changeOrganizationSlug(
  actor: UserActor,
  input: Pick<ChangeOrganizationSlugInput, "slug">,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<OrganizationDto> {
  assertCan(actor, "organization:change_slug");
  const slug = input.slug;
  const problem = slugProblem(slug);
  if (problem) throw new AppError("invalid_request", problem, { fieldErrors: { slug: [problem] } });
  try {
    return await db.$transaction(async (tx) => {
      const { org, caller } = await lockOrganization(tx, actor);
      assertCan(caller, "organization:change_slug");
      if (org.slug === slug) return toOrganizationDto(org);
      const updated = await tx.organization.update({
        where: { id: org.id },
        data: { slug },
        select: { id: true, slug: true, name: true },
      });
      await auditOrganizationChange(
        tx,
        caller,
        "organization.slug_changed",
        updated,
        { from: org.slug, to: slug },
        request,
        now,
      );
      return toOrganizationDto(updated);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw slugTaken(error);
    throw error;
  }
}
