// What the organization use cases share (OR-04): the organization row is locked first (FOR UPDATE),
// then the caller's membership is re-read, so a rename, a slug change and a deletion of the same
// organization serialise, and each decides on the role the caller holds as of its transaction. A
// unique violation on the slug is the user's field error, never a 500 (two creates racing for one
// slug: one wins, the other is told the URL is taken).
import { recordChange } from "../audit/record-audit-event";
import type { AuditAction } from "../audit/audit-actions";
import type { UserActor } from "../authz/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { Role } from "../db/enums";
import { postgresErrorCode } from "../db/pg-error";
import { AppError } from "../errors";
import type { RequestInfo } from "../use-case";
import { SLUG_TAKEN_MESSAGE } from "./organization-schemas";

export type OrganizationRow = { id: string; slug: string; name: string };
export type OrganizationDto = { id: string; slug: string; name: string };

/**
 * Locks the caller's organization and re-reads the caller's role in it. A deleted organization,
 * or one the caller no longer belongs to, answers not_found like any unknown one.
 */
export async function lockOrganization(tx: Tx, actor: UserActor): Promise<{ org: OrganizationRow; caller: UserActor }> {
  const [org] = await tx.$queryRaw<OrganizationRow[]>`
    SELECT id, slug, name FROM organizations
    WHERE id = ${actor.orgId}::uuid AND deleted_at IS NULL FOR UPDATE`;
  if (!org) throw new AppError("not_found", "Not found.");
  const [own] = await tx.$queryRaw<Array<{ role: Role }>>`
    SELECT role FROM memberships WHERE org_id = ${actor.orgId}::uuid AND user_id = ${actor.userId}::uuid FOR UPDATE`;
  if (!own) throw new AppError("not_found", "Not found.");
  return { org, caller: { ...actor, role: own.role } };
}

/** Prisma's P2002, or PostgreSQL's 23505 however the driver adapter wraps it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") return true;
  return postgresErrorCode(error) === "23505";
}

export const slugTaken = (cause?: unknown) =>
  new AppError("invalid_request", SLUG_TAKEN_MESSAGE, { fieldErrors: { slug: [SLUG_TAKEN_MESSAGE] }, cause });

export async function auditOrganizationChange(
  tx: Tx,
  actor: UserActor,
  action: Extract<AuditAction, `organization.${string}`>,
  org: { id: string; name: string },
  metadata: Prisma.InputJsonObject,
  request: RequestInfo | undefined,
  now: Date,
): Promise<void> {
  await recordChange(
    tx,
    actor,
    { action, targetType: "organization", targetId: org.id, targetLabel: org.name, metadata },
    request,
    now,
  );
}

export const toOrganizationDto = (row: OrganizationRow): OrganizationDto => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
});
