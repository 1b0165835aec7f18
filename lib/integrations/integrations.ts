// Integrations of the caller's organization and environment; every query carries both.
import { dataScope, type CredentialActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { listPage, type PageQuery } from "../pagination/id-cursor";
import { actorAuditFields, recordAuditEvent } from "../audit/record-audit-event";
import { getDb, type Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import type { CreateIntegrationInput } from "./schemas";

const SELECT = {
  id: true,
  provider: true,
  name: true,
  status: true,
  config: true,
  environment: true,
  createdAt: true,
  updatedAt: true,
} as const;
type Row = Prisma.IntegrationGetPayload<{ select: typeof SELECT }>;

export function toIntegrationDto(row: Row) {
  return {
    id: row.id,
    provider: row.provider,
    name: row.name,
    status: row.status,
    config: row.config,
    environment: row.environment,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const auditBase = (actor: CredentialActor) => ({ ...actorAuditFields(actor, undefined), targetType: "integration" });

export async function listIntegrations(actor: CredentialActor, query: PageQuery, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "integrations:write");
  return listPage(
    query,
    ({ cursorWhere, ...page }) =>
      db.integration.findMany({ where: { ...dataScope(actor), ...cursorWhere }, ...page, select: SELECT }),
    toIntegrationDto,
  );
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
      metadata: { provider: input.provider },
    });
    return toIntegrationDto(row);
  });
}

export async function deleteIntegration(actor: CredentialActor, id: string, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "integrations:write");
  await db.$transaction(async (tx) => {
    const { count } = await tx.integration.deleteMany({ where: { id, ...dataScope(actor) } });
    if (count === 0) throw new AppError("not_found", "Integration not found.");
    await recordAuditEvent(tx, { ...auditBase(actor), action: "integration.deleted", targetId: id });
  });
}
