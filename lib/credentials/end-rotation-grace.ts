// End a rotation's grace period early: the previous secret stops working now. Tokens it already
// minted live to their `exp`, as with any grace period; to cut those too, rotate "immediately" or
// revoke the key.
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import { AppError } from "../errors";
import { credentialChangedLocally, notifyCredentialChanged } from "./change-events";
import { toCredentialDto, type CredentialDto } from "./dto";
import { loadManagedCredential } from "./load-managed-credential";
import { credentialSelect } from "./repo";
import type { EndRotationGraceInput } from "./schemas";
import { auditCredentialChange } from "./audit-credential-change";
import type { UseCaseOptions } from "../use-case";

export async function endRotationGrace(
  actor: Actor,
  input: EndRotationGraceInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<CredentialDto> {
  assertCan(actor, "credentials:rotate");
  const row = await db.$transaction(async (tx) => {
    const key = await loadManagedCredential(tx, actor, "credentials:rotate", input.credentialId, now);
    if (!key.previousSecretValidUntil || key.previousSecretValidUntil <= now) {
      throw new AppError("conflict", "No previous secret is valid any more.");
    }
    const row = await tx.apiKey.update({
      where: { id: key.id, orgId: actor.orgId },
      data: { previousSecretHash: null, previousSecretHint: null, previousSecretValidUntil: null },
      select: credentialSelect,
    });
    await auditCredentialChange(
      tx,
      actor,
      "credential.rotation_grace_ended",
      key,
      { plannedValidUntil: key.previousSecretValidUntil.toISOString() },
      request,
      now,
    );
    await notifyCredentialChanged(tx, key.clientId);
    return row;
  });
  credentialChangedLocally(row.clientId);
  return toCredentialDto(row, now);
}
