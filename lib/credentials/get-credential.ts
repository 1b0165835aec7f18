// One key's detail: its DTO and the first page of its audit trail (newest first; the next pages
// come from list-credential-audit-trail.ts). Another organization's id is not found.
// The audit trail (actor names, addresses, revoke notes, metadata) is for owners and admins only
// (LG-02): every other role gets `auditTrail: null`, "not visible to your role".
import type { Actor } from "../authz/actor";
import { assertCan, can } from "../authz/permissions";
import { getDb } from "../db/client";
import { notFoundHere } from "../authz/foreign-target";
import { toCredentialDto, type CredentialDto } from "./dto";
import { readAuditTrailPage, type CredentialAuditPage } from "./list-credential-audit-trail";
import { findCredential } from "./repo";
import type { GetCredentialInput } from "./schemas";
import type { UseCaseOptions } from "../use-case";

/** `auditTrail` is null when the caller's role may not read the audit log (`audit:read`). */
export type CredentialDetail = { credential: CredentialDto; auditTrail: CredentialAuditPage | null };

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
  return { credential, auditTrail: await readAuditTrailPage(db, actor.orgId, row.id, undefined) };
}
