// The dashboard's read-only view of the agents the API created: every environment of one
// organization, newest first, with per-environment counts for the tabs. Every member may read it.
// (lib/agents/agents.ts is the API side: one environment, derived from the access token.)
import { z } from "zod";
import { getDb, type Db } from "../db/client";
import type { Environment } from "../db/generated/enums";

export const AGENTS_PAGE_SIZE = 100;
const ENVIRONMENT_FILTERS = ["all", "production", "staging", "development"] as const;

/** `?env=` of the agents page; anything else shows every environment. */
export const ListOrgAgentsQuery = z.object({ env: z.enum(ENVIRONMENT_FILTERS).catch("all").default("all") });
export type ListOrgAgentsQuery = z.infer<typeof ListOrgAgentsQuery>;

export type OrgAgentDto = {
  id: string;
  name: string;
  description: string | null;
  status: string;
  environment: Environment;
  createdAt: string;
  updatedAt: string;
};

export type OrgAgentList = {
  items: OrgAgentDto[];
  /** True when more than AGENTS_PAGE_SIZE agents match; the page shows the newest. */
  hasMore: boolean;
  counts: Record<Environment | "all", number>;
};

export async function listOrgAgents(
  orgId: string,
  query: ListOrgAgentsQuery,
  { db = getDb() }: { db?: Db } = {},
): Promise<OrgAgentList> {
  const where = { orgId, ...(query.env === "all" ? {} : { environment: query.env }) };
  const [rows, groups] = await Promise.all([
    db.agent.findMany({
      where,
      select: {
        id: true,
        name: true,
        description: true,
        status: true,
        environment: true,
        createdAt: true,
        updatedAt: true,
      },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: AGENTS_PAGE_SIZE + 1,
    }),
    db.agent.groupBy({ by: ["environment"], where: { orgId }, _count: { _all: true } }),
  ]);
  const counts = { all: 0, production: 0, staging: 0, development: 0 };
  for (const group of groups) {
    counts[group.environment] = group._count._all;
    counts.all += group._count._all;
  }
  return {
    items: rows.slice(0, AGENTS_PAGE_SIZE).map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      status: row.status,
      environment: row.environment,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    })),
    hasMore: rows.length > AGENTS_PAGE_SIZE,
    counts,
  };
}
