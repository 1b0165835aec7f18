// Revoke a key: immediate and final. The secret(s) stop working and so does every token already
// issued (tokensValidAfter, cut at commit); the row stays for the audit trail.
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { assertRecentSignIn } from "../authz/sudo";
import { getDb } from "../db/client";
import { metrics } from "../metrics/metrics";
import { credentialChangedLocally, cutOffTokensAtCommit, notifyCredentialChanged } from "./change-events";
import { toCredentialDto, type CredentialDto } from "./dto";
import { loadManagedCredential } from "./load-managed-credential";
import { credentialSelect } from "./repo";
import type { RevokeCredentialInput } from "./schemas";
import { auditCredentialChange } from "./audit-credential-change";
import type { UseCaseOptions } from "../use-case";
import { AppError } from "../errors";

export async function revokeCredential(
  actor: Actor,
  input: RevokeCredentialInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<CredentialDto> {
  assertCan(actor, "credentials:revoke");
  const row = await db.$transaction(async (tx) => {
    // An expired key can still be revoked (to record why); a revoked one cannot be revoked twice.
    const key = await loadManagedCredential(tx, actor, "credentials:revoke", input.credentialId, now, {
      requireLive: false,
    });
    if (key.environment === "production") assertRecentSignIn(actor, now);
    if (key.revokedAt) throw new AppError("conflict", "This API key is already revoked.");
    const note = input.note ? input.note : null;
    const row = await tx.apiKey.update({
      where: { id: key.id, orgId: actor.orgId },
      data: {
        revokedAt: now,
        revokedById: actor.kind === "user" ? actor.userId : null,
        revokedReason: input.reason,
        revokedNote: note,
        previousSecretHash: null,
        previousSecretHint: null,
        previousSecretValidUntil: null,
      },
      select: credentialSelect,
    });
    await auditCredentialChange(tx, actor, "credential.revoked", key, { reason: input.reason, note }, request, now);
    const tokensValidAfter = await cutOffTokensAtCommit(tx, key.id);
    await notifyCredentialChanged(tx, key.clientId);
    return { ...row, tokensValidAfter };
  });
  credentialChangedLocally(row.clientId);
  metrics().revocations.inc({ kind: "credential" });
  return toCredentialDto(row, now);
}
