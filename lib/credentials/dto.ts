// The only shape of a credential that leaves lib/ (SA-06): ids, names, display hints and
// dates as ISO strings. No hash; the secret itself exists only in a create or rotate result.
import type { Environment } from "../db/generated/enums";
import { credentialStatus, type CredentialStatus } from "./credential-status";
import type { CredentialRow } from "./repo";

export type CredentialDto = {
  id: string;
  clientId: string;
  name: string;
  environment: Environment;
  scopes: string[];
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  /** The current secret's prefix and last four characters, e.g. `wfs_live_…a1B2`. */
  secretHint: string;
  secretCreatedAt: string;
  /** Set only while a rotated-out secret still works. */
  previousSecret: { hint: string; validUntil: string } | null;
  expiresAt: string | null;
  revoked: { at: string; by: { id: string; name: string } | null; reason: string | null; note: string | null } | null;
  lastUsedAt: string | null;
  lastUsedIp: string | null;
  status: CredentialStatus;
};

/** A secret shown once: returned by create and rotate only, never stored or cached. */
export type CredentialWithSecret = { credential: CredentialDto; clientSecret: string };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toCredentialDto(row: CredentialRow, now: Date): CredentialDto {
  const previousLive = row.previousSecretHint && row.previousSecretValidUntil && row.previousSecretValidUntil > now;
  return {
    id: row.id,
    clientId: row.clientId,
    name: row.name,
    environment: row.environment,
    scopes: [...row.scopes],
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy ? { id: row.createdBy.id, name: row.createdBy.name } : null,
    secretHint: row.secretHint,
    secretCreatedAt: row.secretCreatedAt.toISOString(),
    previousSecret:
      previousLive && row.previousSecretHint && row.previousSecretValidUntil
        ? { hint: row.previousSecretHint, validUntil: row.previousSecretValidUntil.toISOString() }
        : null,
    expiresAt: iso(row.expiresAt),
    revoked: row.revokedAt
      ? {
          at: row.revokedAt.toISOString(),
          by: row.revokedBy ? { id: row.revokedBy.id, name: row.revokedBy.name } : null,
          reason: row.revokedReason,
          note: row.revokedNote,
        }
      : null,
    lastUsedAt: iso(row.lastUsedAt),
    lastUsedIp: row.lastUsedIp,
    status: credentialStatus(row, now),
  };
}
