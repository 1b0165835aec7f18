// Agents of the caller's organization and environment (PA-06: environments partition
// data like Stripe's test and live modes). Every query carries orgId and environment.
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
  notFound,
  scopedAuditBase,
  type ScopedTarget,
} from "../scoped-data/rows";
import type { CreateAgentInput, UpdateAgentInput } from "./schemas";

const AGENT_SELECT = { ...CONFIGURED_SELECT, description: true } as const;

type AgentRow = Prisma.AgentGetPayload<{ select: typeof AGENT_SELECT }>;

export type AgentDto = {
  id: string;
  name: string;
  description: string | null;
  status: string;
  config: unknown;
  environment: string;
  created_at: string;
  updated_at: string;
};

export function toAgentDto(row: AgentRow): AgentDto {
  return { ...configuredFields(row), description: row.description };
}

const AGENT: ScopedTarget = { type: "agent", noun: "Agent" };
const auditBase = (actor: CredentialActor) => scopedAuditBase(actor, AGENT);

export async function listAgents(actor: CredentialActor, query: PageQuery, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "agents:read");
  return listInScope(actor, query, (args) => db.agent.findMany({ ...args, select: AGENT_SELECT }), toAgentDto);
}

export async function getAgent(actor: CredentialActor, id: string, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "agents:read");
  const row = await db.agent.findFirst({ where: { id, ...dataScope(actor) }, select: AGENT_SELECT });
  if (!row) throw notFound(AGENT);
  return toAgentDto(row);
}

export async function createAgent(actor: CredentialActor, input: CreateAgentInput, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "agents:write");
  return db.$transaction(async (tx) => {
    const row = await tx.agent.create({
      data: {
        ...dataScope(actor),
        name: input.name,
        description: input.description ?? null,
        status: input.status,
        config: input.config as Prisma.InputJsonObject,
      },
      select: AGENT_SELECT,
    });
    await recordAuditEvent(tx, {
      ...auditBase(actor),
      action: "agent.created",
      targetId: row.id,
      targetLabel: row.name,
    });
    return toAgentDto(row);
  });
}

export async function updateAgent(
  actor: CredentialActor,
  id: string,
  input: UpdateAgentInput,
  { db = getDb() }: { db?: Db } = {},
) {
  assertCan(actor, "agents:write");
  return db.$transaction(async (tx) => {
    const { count } = await tx.agent.updateMany({
      where: { id, ...dataScope(actor) },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.config !== undefined ? { config: input.config as Prisma.InputJsonObject } : {}),
      },
    });
    if (count === 0) throw notFound(AGENT);
    const row = await tx.agent.findFirstOrThrow({ where: { id, ...dataScope(actor) }, select: AGENT_SELECT });
    await recordAuditEvent(tx, {
      ...auditBase(actor),
      action: "agent.updated",
      targetId: id,
      targetLabel: row.name,
      metadata: { fields: Object.keys(input) },
    });
    return toAgentDto(row);
  });
}

export async function deleteAgent(actor: CredentialActor, id: string, { db = getDb() }: { db?: Db } = {}) {
  assertCan(actor, "agents:write");
  await deleteInScope(db, actor, AGENT, id, {
    findName: (tx, where) => tx.agent.findFirst({ where, select: { name: true } }),
    remove: (tx, where) => tx.agent.deleteMany({ where }),
  });
}
