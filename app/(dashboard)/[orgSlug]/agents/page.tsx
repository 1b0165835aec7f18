import type { Metadata } from "next";

import { AgentsView } from "@/components/features/agents/agents-view";
import { listOrgAgents, ListOrgAgentsQuery } from "@/lib/agents/list-org-agents";
import { requireActor } from "@/lib/auth/session";
import { getEnv } from "@/lib/runtime/current";
import { firstParam, type OrgPageProps } from "../page-props";

export const metadata: Metadata = { title: "Agents" };
// Per request and never cached: the page lists the organization's data.
export const dynamic = "force-dynamic";

export default async function AgentsPage({ params, searchParams }: OrgPageProps) {
  const { orgSlug } = await params;
  // Every member may read the agents; the layout's check does not protect the page, so check here.
  const actor = await requireActor(orgSlug);
  const raw = (await searchParams).env;
  const { env } = ListOrgAgentsQuery.parse({ env: firstParam(raw) });
  const list = await listOrgAgents(actor.orgId, { env });
  return <AgentsView orgSlug={actor.orgSlug} appUrl={getEnv().APP_URL} env={env} list={list} />;
}
