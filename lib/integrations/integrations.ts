// Integrations of the caller's organization and environment; every query carries both.
import { apiKeyAuditActor, dataScope, type ApiPrincipal } from "../api/principal";
import { pageArgs, toPage, type PageQuery } from "../api/pagination";
import { recordAuditEvent } from "../audit/record-audit-event";
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

const auditBase = (p: ApiPrincipal) => ({ ...apiKeyAuditActor(p), targetType: "integration" });

export async function listIntegrations(principal: ApiPrincipal, query: PageQuery, { db = getDb() }: { db?: Db } = {}) {
  const page = pageArgs(query);
  const rows = await db.integration.findMany({
    where: { ...dataScope(principal), ...page.cursorWhere },
    orderBy: page.orderBy,
    take: page.take,
    select: SELECT,
  });
  const result = toPage(rows, query.limit);
  return { data: result.items.map(toIntegrationDto), next_cursor: result.nextCursor };
}

export async function createIntegration(
  principal: ApiPrincipal,
  input: CreateIntegrationInput,
  { db = getDb() }: { db?: Db } = {},
) {
  return db.$transaction(async (tx) => {
    const row = await tx.integration.create({
      data: {
        ...dataScope(principal),
        provider: input.provider,
        name: input.name,
        config: input.config as Prisma.InputJsonObject,
      },
      select: SELECT,
    });
    await recordAuditEvent(tx, {
      ...auditBase(principal),
      action: "integration.created",
      targetId: row.id,
      metadata: { provider: input.provider },
    });
    return toIntegrationDto(row);
  });
}

export async function deleteIntegration(principal: ApiPrincipal, id: string, { db = getDb() }: { db?: Db } = {}) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.integration.deleteMany({ where: { id, ...dataScope(principal) } });
    if (count === 0) throw new AppError("not_found", "Integration not found.");
    await recordAuditEvent(tx, { ...auditBase(principal), action: "integration.deleted", targetId: id });
  });
}
