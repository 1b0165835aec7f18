// Prisma access for API keys. Every function takes the organization id and puts it in the
// `where`, so a key id from another organization finds nothing (SA-02, PA-06).
import type { Db, Tx } from "../db/client";
import type { Environment } from "../db/generated/enums";
import type { Prisma } from "../db/generated/client";
import type { TimeCursor } from "../pagination/time-cursor";

/** The columns a credential's DTO is built from: never a hash. */
export const credentialSelect = {
  id: true,
  clientId: true,
  name: true,
  environment: true,
  scopes: true,
  createdAt: true,
  createdById: true,
  secretHint: true,
  secretCreatedAt: true,
  previousSecretHint: true,
  previousSecretValidUntil: true,
  tokensValidAfter: true,
  expiresAt: true,
  revokedAt: true,
  revokedReason: true,
  revokedNote: true,
  lastUsedAt: true,
  lastUsedIp: true,
  createdBy: { select: { id: true, name: true } },
  revokedBy: { select: { id: true, name: true } },
} satisfies Prisma.ApiKeySelect;

export type CredentialRow = Prisma.ApiKeyGetPayload<{ select: typeof credentialSelect }>;

export async function findCredential(db: Db | Tx, orgId: string, id: string): Promise<CredentialRow | null> {
  return db.apiKey.findFirst({ where: { id, orgId }, select: credentialSelect });
}

/**
 * Locks the key's row for the rest of the transaction (`SELECT … FOR UPDATE`), so concurrent
 * rotations, revocations and edits of one key run one after the other, each seeing the last one's
 * result. Returns the row with the current secret's digest, which never leaves lib/.
 */
export async function lockCredential(tx: Tx, orgId: string, id: string) {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM api_keys WHERE id = ${id}::uuid AND org_id = ${orgId}::uuid FOR UPDATE`;
  if (locked.length === 0) return null;
  return tx.apiKey.findFirst({ where: { id, orgId }, select: { ...credentialSelect, secretHash: true } });
}

export type CredentialListFilter = {
  environment: Environment | null;
  status: "all" | "active" | "inactive";
  search: string;
};

export type CredentialCursor = { createdAt: Date; id: string };

function filterWhere(
  orgId: string,
  filter: Omit<CredentialListFilter, "environment">,
  now: Date,
): Prisma.ApiKeyWhereInput {
  const and: Prisma.ApiKeyWhereInput[] = [{ orgId }];
  if (filter.search) {
    and.push({
      OR: [
        { name: { contains: filter.search, mode: "insensitive" } },
        { clientId: { contains: filter.search, mode: "insensitive" } },
      ],
    });
  }
  if (filter.status === "active") and.push({ revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] });
  if (filter.status === "inactive") and.push({ OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: now } }] });
  return { AND: and };
}

/** One page, newest first, keyset-paginated on (createdAt, id): constant cost however deep. */
export async function listCredentialRows(
  db: Db,
  orgId: string,
  filter: CredentialListFilter,
  cursor: CredentialCursor | null,
  pageSize: number,
  now: Date,
): Promise<{ rows: CredentialRow[]; hasMore: boolean }> {
  const where: Prisma.ApiKeyWhereInput = {
    AND: [
      filterWhere(orgId, filter, now),
      ...(filter.environment ? [{ environment: filter.environment }] : []),
      ...(cursor
        ? [{ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }]
        : []),
    ],
  };
  const rows = await db.apiKey.findMany({
    where,
    select: credentialSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: pageSize + 1,
  });
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

/** Counts per environment under the same search and status filter, for the environment tabs. */
export async function countCredentialsByEnvironment(
  db: Db,
  orgId: string,
  filter: Omit<CredentialListFilter, "environment">,
  now: Date,
): Promise<Record<Environment, number>> {
  const groups = await db.apiKey.groupBy({
    by: ["environment"],
    where: filterWhere(orgId, filter, now),
    _count: { _all: true },
  });
  const counts: Record<Environment, number> = { production: 0, staging: 0, development: 0 };
  for (const group of groups) counts[group.environment] = group._count._all;
  return counts;
}

/** A key's audit events newest first, from `cursor` (exclusive) on. */
export async function listCredentialAuditEvents(
  db: Db,
  orgId: string,
  credentialId: string,
  { cursor, take }: { cursor: TimeCursor | null; take: number },
) {
  return db.auditEvent.findMany({
    where: {
      orgId,
      targetType: "api_key",
      targetId: credentialId,
      ...(cursor
        ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }
        : {}),
    },
    select: {
      id: true,
      action: true,
      actorId: true,
      actorType: true,
      actorLabel: true,
      outcome: true,
      ip: true,
      metadata: true,
      createdAt: true,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
}
