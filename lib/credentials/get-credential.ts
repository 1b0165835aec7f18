// One key's detail: its DTO and its audit trail (newest first). Another organization's id is not found.
// The audit trail (actor names, addresses, revoke notes, metadata) is for owners and admins only
// (LG-02): every other role gets `auditTrail: null`, "not visible to your role".
import type { Actor } from "../authz/actor";
import { assertCan, can } from "../authz/permissions";
import { getDb } from "../db/client";
import { notFoundHere } from "../authz/foreign-target";
import { toCredentialDto, type CredentialDto } from "./dto";
import { findCredential, listCredentialAuditEvents } from "./repo";
import type { GetCredentialInput } from "./schemas";
import type { UseCaseOptions } from "../use-case";

export type CredentialAuditEntry = {
  id: string;
  action: string;
  actor: string;
  outcome: string;
  ip: string | null;
  details: Record<string, unknown>;
  at: string;
};

/** `auditTrail` is null when the caller's role may not read the audit log (`audit:read`). */
export type CredentialDetail = { credential: CredentialDto; auditTrail: CredentialAuditEntry[] | null };

export async function getCredential(
  actor: Actor,
  input: GetCredentialInput,
  { db = getDb(), now = new Date() }: UseCaseOptions = {},
): Promise<CredentialDetail> {
  assertCan(actor, "credentials:read");
  const row = await findCredential(db, actor.orgId, input.credentialId);
  if (!row) throw await notFoundHere(db, "api_key", input.credentialId, "This API key does not exist.");
  const credential = toCredentialDto(row, now);
  if (!can(actor, "audit:read")) return { credential, auditTrail: null };
  const events = await listCredentialAuditEvents(db, actor.orgId, row.id);
  const userIds = [...new Set(events.filter((e) => e.actorType === "user" && e.actorId).map((e) => e.actorId!))];
  const users = userIds.length
    ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(users.map((user) => [user.id, user.name]));
  return {
    credential,
    auditTrail: events.map((event) => ({
      id: event.id,
      action: event.action,
      actor:
        (event.actorId && names.get(event.actorId)) ?? (event.actorType === "user" ? "Former member" : event.actorType),
      outcome: event.outcome,
      ip: event.ip,
      details: (event.metadata ?? {}) as Record<string, unknown>,
      at: event.createdAt.toISOString(),
    })),
  };
}
