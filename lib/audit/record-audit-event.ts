// Audit events are append-only (LG-02): the application inserts them, here one at a time and in
// batches from the activity batcher (auditRow is the row either way), and never updates or
// deletes them.
// Callers pass identifiers and reason codes, never a secret, hash or token (LG-01, SE-03).
import type { Actor } from "../authz/actor";
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { RequestInfo } from "../use-case";
import type { AuditAction } from "./audit-actions";

export type AuditEventInput = {
  orgId: string | null;
  actorType: "user" | "api_key" | "system";
  actorId?: string | null;
  actorLabel?: string | null;
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  /** The target's name as of this event (a key's or member's name), kept when it is later renamed. */
  targetLabel?: string | null;
  outcome?: "success" | "failure" | "denied";
  ip?: string | null;
  userAgent?: string | null;
  metadata?: Prisma.InputJsonObject;
  /** When it happened, if not now by the database's clock: a use case's `now`. */
  at?: Date;
};

// Control characters would let user input forge log lines (LG-03).
const stripControl = (value: string | null | undefined, max = 512) =>
  value == null ? null : value.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, max);

/** The longest target label kept: names are capped shorter than this where they are entered. */
export const MAX_TARGET_LABEL_LENGTH = 200;

/** The row an event becomes, control characters stripped; `at` pins its time (default: `event.at`, else now). */
export const auditRow = (event: AuditEventInput, at?: Date): Prisma.AuditEventCreateManyInput => {
  const createdAt = at ?? event.at;
  return {
    orgId: event.orgId,
    actorType: event.actorType,
    actorId: event.actorId ?? null,
    actorLabel: stripControl(event.actorLabel, 320),
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    targetLabel: stripControl(event.targetLabel, MAX_TARGET_LABEL_LENGTH),
    outcome: event.outcome ?? "success",
    ip: stripControl(event.ip, 64),
    userAgent: stripControl(event.userAgent),
    metadata: event.metadata ?? {},
    ...(createdAt ? { createdAt } : {}),
  };
};

export async function recordAuditEvent(db: Db | Tx, event: AuditEventInput): Promise<void> {
  await db.auditEvent.create({ data: auditRow(event) });
}

/** Several events in one statement. */
export async function recordAuditEvents(db: Db | Tx, events: readonly AuditEventInput[]): Promise<void> {
  await db.auditEvent.createMany({ data: events.map((event) => auditRow(event)) });
}

/** The fields every audit event of an actor's own change carries: who, in which organization, from where. */
export function actorAuditFields(
  actor: Actor,
  request: RequestInfo | undefined,
): Pick<AuditEventInput, "orgId" | "actorType" | "actorId" | "actorLabel" | "ip" | "userAgent"> {
  const who =
    actor.kind === "user"
      ? { actorType: "user" as const, actorId: actor.userId, actorLabel: null }
      : { actorType: "api_key" as const, actorId: actor.credentialId, actorLabel: actor.clientId };
  return { orgId: actor.orgId, ...who, ip: request?.ip ?? null, userAgent: request?.userAgent ?? null };
}

/**
 * An actor's change to one target, stamped with the use case's `now` (which tests and the demo
 * seed may pin): the event's time is the time the change records (a key's `revokedAt`, say).
 */
export async function recordChange(
  tx: Tx,
  actor: Actor,
  change: {
    action: AuditAction;
    targetType: string;
    targetId: string;
    targetLabel: string | null;
    metadata: Prisma.InputJsonObject;
  },
  request: RequestInfo | undefined,
  now: Date,
): Promise<void> {
  const { metadata, ...rest } = change;
  await recordAuditEvent(tx, {
    ...actorAuditFields(actor, request),
    ...rest,
    metadata: { ...metadata, at: now.toISOString() },
    at: now,
  });
}
