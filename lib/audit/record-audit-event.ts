// Audit events are append-only: this insert is the only write path the application has.
// Callers pass identifiers and reason codes, never a secret, hash or token (SECURITY LG-01, SE-03).
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";

export type AuditEventInput = {
  orgId: string | null;
  actorType: "user" | "api_key" | "system";
  actorId?: string | null;
  actorLabel?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome?: "success" | "failure" | "denied";
  ip?: string | null;
  userAgent?: string | null;
  metadata?: Prisma.InputJsonObject;
};

// Control characters would let user input forge log lines (SECURITY LG-03).
const stripControl = (value: string | null | undefined, max = 512) =>
  value == null ? null : value.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, max);

export async function recordAuditEvent(db: Db | Tx, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      orgId: event.orgId,
      actorType: event.actorType,
      actorId: event.actorId ?? null,
      actorLabel: stripControl(event.actorLabel, 320),
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      outcome: event.outcome ?? "success",
      ip: stripControl(event.ip, 64),
      userAgent: stripControl(event.userAgent),
      metadata: event.metadata ?? {},
    },
  });
}

/** The fields every audit event written for a dashboard user's own change carries. */
export function userActorFields(
  actor: { orgId: string; userId: string },
  request: { ip: string | null; userAgent: string | null } | undefined,
): Pick<AuditEventInput, "orgId" | "actorType" | "actorId" | "ip" | "userAgent"> {
  return {
    orgId: actor.orgId,
    actorType: "user",
    actorId: actor.userId,
    ip: request?.ip ?? null,
    userAgent: request?.userAgent ?? null,
  };
}
