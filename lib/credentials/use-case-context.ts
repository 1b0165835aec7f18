// What every credential use case shares: its options (database, clock, the request's address for
// the audit log) and the audit record of a change to one key. Audit metadata carries names, scopes
// and dates only, never a secret, digest or hint of a secret (SECURITY LG-01, SE-03).
import { recordAuditEvent, userActorFields } from "../audit/record-audit-event";
import type { Actor } from "../authz/permissions";
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";

export type RequestInfo = { ip: string | null; userAgent: string | null };

export type CredentialUseCaseOptions = { db?: Db; now?: Date; request?: RequestInfo };

export type CredentialAuditAction =
  | "credential.created"
  | "credential.rotated"
  | "credential.revoked"
  | "credential.updated"
  | "credential.rotation_grace_ended";

export async function auditCredentialChange(
  tx: Tx,
  actor: Actor,
  action: CredentialAuditAction,
  credentialId: string,
  metadata: Prisma.InputJsonObject,
  request: RequestInfo | undefined,
  now: Date,
): Promise<void> {
  await recordAuditEvent(tx, {
    ...userActorFields(actor, request),
    action,
    targetType: "api_key",
    targetId: credentialId,
    metadata: { ...metadata, at: now.toISOString() },
  });
}
