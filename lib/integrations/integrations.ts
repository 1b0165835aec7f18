// Integrations of the caller's organization and environment; every query carries both.
import { dataScope, type CredentialActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import type { PageQuery } from "../pagination/id-cursor";
import { recordAuditEvent } from "../audit/record-audit-event";
import { getDb, type Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import {
  configuredFields,
  CONFIGURED_SELECT,
  deleteInScope,
  listInScope,
  scopedAuditBase,
  type ScopedTarget,
} from "../scoped-data/rows";
import type { CreateIntegrationInput } from "./schemas";

const SELECT = { ...CONFIGURED_SELECT, provider: true } as const;
type Row = Prisma.IntegrationGetPayload<{ select: typeof SELECT }>;

export function toIntegrationDto(row: Row) {
  return { ...configuredFields(row), provider: row.provider };
}

const INTEGRATION: ScopedTarget = { type: "integration", noun: "Integration" };
const auditBase = (actor: CredentialActor) => scopedAuditBase(actor, INTEGRATION);

export async function listIntegrations(actor: CredentialActor, query: PageQuery, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "integrations:write");
  return listInScope(actor, query, (args) => db.integration.findMany({ ...args, select: SELECT }), toIntegrationDto);
}

export async function createIntegration(
  actor: CredentialActor,
  input: CreateIntegrationInput,
  { db = getDb() }: { db?: Db } = {},
) {
  assertCan(actor, "integrations:write");
  return db.$transaction(async (tx) => {
    const row = await tx.integration.create({
      data: {
        ...dataScope(actor),
        provider: input.provider,
        name: input.name,
        config: input.config as Prisma.InputJsonObject,
      },
      select: SELECT,
    });
    await recordAuditEvent(tx, {
      ...auditBase(actor),
      action: "integration.created",
      targetId: row.id,
      targetLabel: row.name,
      metadata: { provider: input.provider },
    });
    return toIntegrationDto(row);
  });
}

export async function deleteIntegration(actor: CredentialActor, id: string, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "integrations:write");
  await deleteInScope(db, actor, INTEGRATION, id, {
    findName: (tx, where) => tx.integration.findFirst({ where, select: { name: true } }),
    remove: (tx, where) => tx.integration.deleteMany({ where }),
  });
}
