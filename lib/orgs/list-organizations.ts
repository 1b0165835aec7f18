// `npm run orgs -- list`: every organization with its plan, member count and active keys, for the
// operator at the server's command line (no dashboard user sees other organizations).
import type { Db } from "../db/client";
import type { Plan } from "../db/enums";

export type OrganizationSummary = {
  slug: string;
  name: string;
  plan: Plan;
  members: number;
  activeKeys: number;
  createdAt: Date;
};

/** Oldest first. A key is active while neither revoked nor expired. */
export async function listOrganizations(db: Db, now = new Date()): Promise<OrganizationSummary[]> {
  const rows = await db.organization.findMany({
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      slug: true,
      name: true,
      plan: true,
      createdAt: true,
      _count: {
        select: {
          memberships: true,
          apiKeys: { where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } },
        },
      },
    },
  });
  return rows.map(({ _count, ...org }) => ({ ...org, members: _count.memberships, activeKeys: _count.apiKeys }));
}
