// Settings > Audit log (LG-02): the organization's events, newest first, one keyset page
// at a time, filtered by event type (one action, or an area such as "member.") and actor; owners
// and admins only. Metadata leaves as
// readable key: value pairs (format-audit-details.ts): by design no event carries a secret, digest
// or token, and the formatter redacts anything shaped like one regardless (LG-01, SE-03).
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { decodeTimeCursor, encodeTimeCursor } from "../pagination/time-cursor";
import { AUDIT_ACTION_FILTERS } from "./audit-actions";
import { formatAuditDetails, type AuditDetail } from "./format-audit-details";

export const AUDIT_PAGE_SIZE = 50;

export const AuditLogQuery = z.object({
  /** One of the known actions or an area's prefix; anything else (a hand-edited URL) is no filter. */
  action: z
    .string()
    .refine((value) => AUDIT_ACTION_FILTERS.includes(value))
    .optional()
    .catch(undefined),
  actor: z.uuid().optional().catch(undefined),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type AuditLogQuery = z.infer<typeof AuditLogQuery>;

export type AuditEventDto = {
  id: string;
  at: string;
  actor: { type: "user" | "api_key" | "system"; id: string | null; label: string };
  action: string;
  /** `label` is the target's name when the event was written, or its id on rows from before labels. */
  target: { type: string; id: string; label: string } | null;
  ip: string | null;
  outcome: string;
  details: AuditDetail[];
};

export type AuditLogPage = { items: AuditEventDto[]; nextCursor: string | null };

/** An unreadable cursor (or one outside 2000-9999) starts from the first page. */
export const decodeAuditCursor = decodeTimeCursor;

/** An area's prefix matches its actions; an action matches itself only (`user.sign_in` is not `user.sign_in_failed`). */
function actionWhere(filter: string): Prisma.StringFilter {
  if (!filter.endsWith(".")) return { equals: filter };
  // Prisma passes LIKE wildcards through: escape them so the prefix is taken literally.
  return { startsWith: filter.replace(/[\\%_]/g, "\\$&") };
}

export async function listAuditEvents(
  actor: Actor,
  query: AuditLogQuery,
  { db = getDb(), pageSize = AUDIT_PAGE_SIZE }: { db?: Db; pageSize?: number } = {},
): Promise<AuditLogPage> {
  assertCan(actor, "audit:read");
  const cursor = decodeAuditCursor(query.cursor);
  const where: Prisma.AuditEventWhereInput = {
    orgId: actor.orgId,
    ...(query.action ? { action: actionWhere(query.action) } : {}),
    ...(query.actor ? { actorType: "user", actorId: query.actor } : {}),
    ...(cursor
      ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
      : {}),
  };
  const rows = await db.auditEvent.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
    select: {
      id: true,
      createdAt: true,
      actorType: true,
      actorId: true,
      actorLabel: true,
      action: true,
      targetType: true,
      targetId: true,
      targetLabel: true,
      ip: true,
      outcome: true,
      metadata: true,
    },
  });
  const page = rows.slice(0, pageSize);
  const userIds = [...new Set(page.filter((r) => r.actorType === "user" && r.actorId).map((r) => r.actorId!))];
  const users = userIds.length
    ? await db.user.findMany({
        where: { id: { in: userIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } },
        select: { id: true, email: true },
      })
    : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      at: row.createdAt.toISOString(),
      actor: {
        type: row.actorType,
        id: row.actorId,
        label: (row.actorId && emailOf.get(row.actorId)) ?? row.actorLabel ?? row.actorId ?? row.actorType,
      },
      action: row.action,
      target:
        row.targetType && row.targetId
          ? { type: row.targetType, id: row.targetId, label: row.targetLabel ?? row.targetId }
          : null,
      ip: row.ip,
      outcome: row.outcome,
      details: formatAuditDetails(row.metadata),
    })),
    nextCursor: rows.length > pageSize && last ? encodeTimeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
