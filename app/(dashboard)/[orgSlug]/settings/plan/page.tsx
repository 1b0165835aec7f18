import type { Metadata } from "next";

import { PlanView } from "@/components/features/plan/plan-view";
import { requireActor } from "@/lib/auth/session";
import { getPlanOverview } from "@/lib/orgs/get-plan-overview";
import { getRuntime } from "@/lib/runtime/current";

export const metadata: Metadata = { title: "Plan & limits" };
// Rendered per request and never cached (SA-07): this minute's use changes by the second.
export const dynamic = "force-dynamic";

export default async function PlanPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const actor = await requireActor(orgSlug);
  // Every member may read the plan (RL-05); the use case checks it again.
  const overview = await getPlanOverview(actor, { limits: getRuntime().limits });
  return <PlanView orgSlug={actor.orgSlug} overview={overview} />;
}
