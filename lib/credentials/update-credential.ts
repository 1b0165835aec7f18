// Edit a key: rename, change scopes, change expiry. The environment is fixed at creation. Scope
// removals reach live tokens at once because the API and token service read the key's current
// scopes (token scope ∩ key scopes), announced through the change notification below.
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { credentialChangedLocally, notifyCredentialChanged } from "./change-events";
import { toCredentialDto, type CredentialDto } from "./dto";
import { resolveExpiry } from "./expiry";
import { loadManagedCredential } from "./load-managed-credential";
import { credentialSelect } from "./repo";
import type { UpdateCredentialInput } from "./schemas";
import { auditCredentialChange } from "./audit-credential-change";
import type { UseCaseOptions } from "../use-case";

const sameInstant = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);

export async function updateCredential(
  actor: Actor,
  input: UpdateCredentialInput,
  { db = getDb(), now = new Date(), request }: UseCaseOptions = {},
): Promise<CredentialDto> {
  assertCan(actor, "credentials:update");
  const expiresAt = input.expiry ? resolveExpiry(input.expiry, now) : undefined;

  const { row, validityChanged } = await db.$transaction(async (tx) => {
    const key = await loadManagedCredential(tx, actor, "credentials:update", input.credentialId, now);
    const data: Prisma.ApiKeyUpdateInput = {};
    const changes: Record<string, Prisma.InputJsonValue> = {};
    if (input.name !== undefined && input.name !== key.name) {
      data.name = input.name;
      changes.name = { from: key.name, to: input.name };
    }
    if (input.scopes !== undefined) {
      const next: string[] = input.scopes;
      const added = next.filter((scope) => !key.scopes.includes(scope));
      const removed = key.scopes.filter((scope) => !next.includes(scope));
      if (added.length > 0 || removed.length > 0) {
        data.scopes = input.scopes;
        changes.scopes = { added, removed, now: input.scopes };
      }
    }
    if (expiresAt !== undefined && !sameInstant(expiresAt, key.expiresAt)) {
      data.expiresAt = expiresAt;
      changes.expiresAt = { from: key.expiresAt?.toISOString() ?? null, to: expiresAt?.toISOString() ?? null };
      // A rotated-out secret never outlives its key.
      if (expiresAt && key.previousSecretValidUntil && key.previousSecretValidUntil > expiresAt) {
        data.previousSecretValidUntil = expiresAt;
      }
    }
    if (Object.keys(changes).length === 0) return { row: key, validityChanged: false };

    const row = await tx.apiKey.update({ where: { id: key.id, orgId: actor.orgId }, data, select: credentialSelect });
    await auditCredentialChange(tx, actor, "credential.updated", row, { changes }, request, now);
    const validityChanged = "scopes" in changes || "expiresAt" in changes;
    if (validityChanged) await notifyCredentialChanged(tx, key.clientId);
    return { row, validityChanged };
  });
  if (validityChanged) credentialChangedLocally(row.clientId);
  return toCredentialDto(row, now);
}
