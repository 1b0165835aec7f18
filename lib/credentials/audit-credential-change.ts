// The audit record of a change to one credential. Metadata carries names, scopes and dates only,
// never a secret, digest or hint of a secret (LG-01, SE-03). The key's name as of the change is the
// event's target label, so the audit log keeps showing the name it had then.
import type { AuditAction } from "../audit/audit-actions";
import type { Actor } from "../authz/actor";
import { recordChange } from "../audit/record-audit-event";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { RequestInfo } from "../use-case";

export type CredentialAuditAction = Extract<
  AuditAction,
  | "credential.created"
  | "credential.rotated"
  | "credential.revoked"
  | "credential.updated"
  | "credential.rotation_grace_ended"
>;

export async function auditCredentialChange(
  tx: Tx,
  actor: Actor,
  action: CredentialAuditAction,
  credential: { id: string; name: string },
  metadata: Prisma.InputJsonObject,
  request: RequestInfo | undefined,
  now: Date,
): Promise<void> {
  await recordChange(
    tx,
    actor,
    { action, targetType: "api_key", targetId: credential.id, targetLabel: credential.name, metadata },
    request,
    now,
  );
}
