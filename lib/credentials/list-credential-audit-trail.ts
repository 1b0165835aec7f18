// One key's audit trail, newest first, a keyset page at a time: the first page comes with the key
// (get-credential.ts), "Load more" asks for the next. Owners and admins only (LG-02); another
// organization's key id is not found.
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import { decodeTimeCursor, encodeTimeCursor } from "../pagination/time-cursor";
import { listCredentialAuditEvents } from "./repo";

export const AUDIT_TRAIL_PAGE_SIZE = 50;

export const CredentialAuditTrailQuery = z.object({ cursor: z.string().max(200).optional().catch(undefined) });
export type CredentialAuditTrailQuery = z.infer<typeof CredentialAuditTrailQuery>;

export type CredentialAuditEntry = {
  id: string;
  action: string;
  actor: string;
  outcome: string;
  ip: string | null;
  details: Record<string, unknown>;
  at: string;
};

export type CredentialAuditPage = { items: CredentialAuditEntry[]; nextCursor: string | null };

export async function listCredentialAuditTrail(
  actor: Actor,
  credentialId: string,
  query: CredentialAuditTrailQuery,
  { db = getDb(), pageSize = AUDIT_TRAIL_PAGE_SIZE }: { db?: Db; pageSize?: number } = {},
): Promise<CredentialAuditPage> {
  assertCan(actor, "credentials:read");
  assertCan(actor, "audit:read");
  const key = await db.apiKey.findFirst({ where: { id: credentialId, orgId: actor.orgId }, select: { id: true } });
  if (!key) throw new AppError("not_found", "This API key does not exist.");
  return readAuditTrailPage(db, actor.orgId, key.id, query.cursor, pageSize);
}

/** A page of a key already found in `orgId`; the caller has checked `audit:read`. */
export async function readAuditTrailPage(
  db: Db,
  orgId: string,
  credentialId: string,
  cursor: string | undefined,
  pageSize: number = AUDIT_TRAIL_PAGE_SIZE,
): Promise<CredentialAuditPage> {
  const rows = await listCredentialAuditEvents(db, orgId, credentialId, {
    cursor: decodeTimeCursor(cursor),
    take: pageSize + 1,
  });
  const events = rows.slice(0, pageSize);
  const userIds = [...new Set(events.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((user) => [user.id, user.name]));
  const last = events.at(-1);
  return {
    items: events.map((event) => ({
      id: event.id,
      action: event.action,
      // A user by their name now; a key by its client id, the system by what acted ("anomaly detection").
      actor:
        (event.actorId && names.get(event.actorId)) ??
        (event.actorType === "user" ? "Former member" : (event.actorLabel ?? event.actorType)),
      outcome: event.outcome,
      ip: event.ip,
      details: (event.metadata ?? {}) as Record<string, unknown>,
      at: event.createdAt.toISOString(),
    })),
    nextCursor: rows.length > pageSize && last ? encodeTimeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
