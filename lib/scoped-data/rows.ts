// Rows an API client owns through its organization and environment (PA-06: environments partition
// data like Stripe's test and live modes): the list, delete and answer shapes every such
// collection shares, so each query carries orgId and environment by construction.
import { dataScope, type CredentialActor } from "../authz/actor";
import { actorAuditFields, recordAuditEvent } from "../audit/record-audit-event";
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import { listPage, type PageQuery } from "../pagination/id-cursor";

type Scope = ReturnType<typeof dataScope>;

/** What names a collection's rows in its audit events and its 404s. */
export type ScopedTarget = { type: "agent" | "integration"; noun: string };

/** The audit fields of an API client's change to one of its rows. */
export const scopedAuditBase = (actor: CredentialActor, target: ScopedTarget) => ({
  ...actorAuditFields(actor, undefined),
  targetType: target.type,
});

export const notFound = (target: ScopedTarget) => new AppError("not_found", `${target.noun} not found.`);

/** The answer's timestamps, in the API's snake_case ISO form. */
export const timestampFields = (row: { createdAt: Date; updatedAt: Date }) => ({
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

/** The columns every configured platform object (an agent, an integration) has and answers with. */
export const CONFIGURED_SELECT = {
  id: true,
  name: true,
  status: true,
  config: true,
  environment: true,
  createdAt: true,
  updatedAt: true,
} as const;

type ConfiguredRow = { id: string; name: string; status: string; config: unknown; environment: string } & {
  createdAt: Date;
  updatedAt: Date;
};

export const configuredFields = (row: ConfiguredRow) => ({
  id: row.id,
  name: row.name,
  status: row.status,
  config: row.config,
  environment: row.environment,
  ...timestampFields(row),
});

/** One page of the actor's rows, newest first; `find` gets the whole `where`. */
export function listInScope<Row extends { id: string }, Dto>(
  actor: CredentialActor,
  query: PageQuery,
  find: (args: { where: Scope & { id?: { lt: string } }; orderBy: { id: "desc" }; take: number }) => Promise<Row[]>,
  toDto: (row: Row) => Dto,
) {
  return listPage(
    query,
    ({ cursorWhere, ...page }) => find({ where: { ...dataScope(actor), ...cursorWhere }, ...page }),
    toDto,
  );
}

type RowAccess = {
  /** The row's name, read before it goes: the audit event keeps it as the target's label. */
  findName: (tx: Tx, where: Scope & { id: string }) => Promise<{ name: string } | null>;
  remove: (tx: Tx, where: Scope & { id: string }) => Promise<{ count: number }>;
};

/** Deletes one of the actor's rows and audits `<type>.deleted`; another scope's id is a 404. */
export async function deleteInScope(
  db: Db,
  actor: CredentialActor,
  target: ScopedTarget,
  id: string,
  { findName, remove }: RowAccess,
) {
  await db.$transaction(async (tx) => {
    const where = { id, ...dataScope(actor) };
    const row = await findName(tx, where);
    const { count } = await remove(tx, where);
    if (count === 0) throw notFound(target);
    await recordAuditEvent(tx, {
      ...scopedAuditBase(actor, target),
      action: `${target.type}.deleted`,
      targetId: id,
      targetLabel: row?.name ?? null,
    });
  });
}
