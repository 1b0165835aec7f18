// An account event belongs to the user, so it goes to the audit log of each organization the user
// is a member of (their admins see it), or to the instance-level log (org null) when there is none.
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvents } from "../audit/record-audit-event";
import type { Tx } from "../db/client";
import type { RequestInfo } from "../use-case";

export async function auditAccountEvent(
  tx: Tx,
  user: { id: string; email: string },
  action: AuditAction,
  options: { request?: RequestInfo; actor?: "user" | "system"; at?: Date } = {},
): Promise<void> {
  const memberships = await tx.membership.findMany({ where: { userId: user.id }, select: { orgId: true } });
  const orgIds = memberships.length > 0 ? memberships.map((m) => m.orgId) : [null];
  await recordAuditEvents(
    tx,
    orgIds.map((orgId) => ({
      orgId,
      actorType: options.actor ?? "user",
      actorId: options.actor === "system" ? null : user.id,
      actorLabel: options.actor === "system" ? "Operator (CLI)" : user.email,
      action,
      targetType: "user",
      targetId: user.id,
      targetLabel: user.email,
      ip: options.request?.ip ?? null,
      userAgent: options.request?.userAgent ?? null,
      ...(options.at ? { at: options.at } : {}),
    })),
  );
}
