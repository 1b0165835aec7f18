// Delete an organization (OR-05): owners only, after typing its current name exactly. In one
// transaction: every key not yet revoked is revoked (reason `organization_deleted`, each with its
// `credential.revoked` event, every token already issued cut off at commit), the memberships,
// open invitations (their links stop working) and the organization's agents and integrations
// are deleted, and the organization becomes a
// tombstone: `deletedAt` set and the slug freed as `deleted-<id>`, the name kept for the operator,
// so its audit log stays in the database (docs/adr/0003). The change is announced like a single
// revocation (NOTIFY at commit, then this process's cache), so the keys' live tokens get 401 on
// every instance at once. Nothing of it is readable afterwards: no one is a member, and every
// lookup by slug skips tombstones.
// Sudo mode (a recent sign-in) will be checked here, on the actor, when it exists.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { auditCredentialChange } from "../credentials/audit-credential-change";
import {
  credentialChangedLocally,
  cutOffTokensOfKeysAtCommit,
  notifyCredentialChanged,
} from "../credentials/change-events";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { metrics } from "../metrics/metrics";
import type { UseCaseOptions } from "../use-case";
import { auditOrganizationChange, lockOrganization } from "./organization-rules";
import { NAME_MISMATCH_MESSAGE, TOMBSTONE_SLUG_PREFIX, type DeleteOrganizationInput } from "./organization-schemas";

/** The revocation reason of the keys of a deleted organization (not one a person can pick). */
export const ORGANIZATION_DELETED_REASON = "organization_deleted";

export type DeletedOrganization = { id: string; name: string; keysRevoked: number; membersRemoved: number };

export async function deleteOrganization(
  actor: UserActor,
  input: Pick<DeleteOrganizationInput, "confirmName">,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<DeletedOrganization> {
  assertCan(actor, "organization:delete");
  assertRecentSignIn(actor, now);
  const { result, clientIds } = await db.$transaction(async (tx) => {
    const { org, caller } = await lockOrganization(tx, actor);
    assertCan(caller, "organization:delete");
    if (input.confirmName !== org.name)
      throw new AppError("invalid_request", NAME_MISMATCH_MESSAGE, {
        fieldErrors: { confirmName: [NAME_MISMATCH_MESSAGE] },
      });

    const keys = await tx.apiKey.findMany({
      where: { orgId: org.id, revokedAt: null },
      select: { id: true, name: true, clientId: true },
      orderBy: { id: "asc" },
    });
    const keyIds = keys.map((key) => key.id);
    if (keys.length > 0) {
      await tx.apiKey.updateMany({
        where: { orgId: org.id, id: { in: keyIds } },
        data: {
          revokedAt: now,
          revokedById: caller.userId,
          revokedReason: ORGANIZATION_DELETED_REASON,
          revokedNote: null,
          previousSecretHash: null,
          previousSecretHint: null,
          previousSecretValidUntil: null,
        },
      });
      for (const key of keys)
        await auditCredentialChange(
          tx,
          caller,
          "credential.revoked",
          key,
          { reason: ORGANIZATION_DELETED_REASON, note: null },
          request,
          now,
        );
    }
    const members = await tx.membership.deleteMany({ where: { orgId: org.id } });
    await tx.agent.deleteMany({ where: { orgId: org.id } });
    await tx.integration.deleteMany({ where: { orgId: org.id } });
    await tx.invitation.deleteMany({ where: { orgId: org.id } });
    await tx.organization.update({
      where: { id: org.id },
      data: { deletedAt: now, slug: `${TOMBSTONE_SLUG_PREFIX}${org.id}` },
    });
    await auditOrganizationChange(
      tx,
      caller,
      "organization.deleted",
      org,
      { slug: org.slug, keysRevoked: keys.length, membersRemoved: members.count },
      request,
      now,
    );
    // Last before the commit, as a single revocation does: the cut-off and the announcements.
    await cutOffTokensOfKeysAtCommit(tx, org.id, keyIds);
    for (const key of keys) await notifyCredentialChanged(tx, key.clientId);
    return {
      result: { id: org.id, name: org.name, keysRevoked: keys.length, membersRemoved: members.count },
      clientIds: keys.map((key) => key.clientId),
    };
  });
  for (const clientId of clientIds) credentialChangedLocally(clientId);
  if (clientIds.length > 0) metrics().revocations.inc({ kind: "credential" }, clientIds.length);
  return result;
}
