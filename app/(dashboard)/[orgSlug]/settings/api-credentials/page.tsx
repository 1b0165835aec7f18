import type { Metadata } from "next";

import { CredentialsView } from "@/components/features/credentials/credentials-view";
import { requireActor } from "@/lib/auth/session";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { ListCredentialsQuery } from "@/lib/credentials/schemas";
import { getEnv } from "@/lib/runtime/current";
import { firstParam, type OrgPageProps } from "../../page-props";

export const metadata: Metadata = { title: "API Credentials" };
// Rendered per request and never cached (SA-07): the page lists the organization's keys.
export const dynamic = "force-dynamic";

const AUTH_GUIDE_HREF = "/docs/api-authentication-guide.txt";

export default async function ApiCredentialsPage({ params, searchParams }: OrgPageProps) {
  const { orgSlug } = await params;
  // The layout's check does not protect the page (they render independently), so check here too.
  const actor = await requireActor(orgSlug);
  const raw = await searchParams;
  const { env, status, q } = ListCredentialsQuery.parse({
    env: firstParam(raw.env),
    status: firstParam(raw.status),
    q: firstParam(raw.q),
  });
  const page = await listCredentials(actor, { env, status, q });

  return (
    <CredentialsView
      orgSlug={actor.orgSlug}
      appUrl={getEnv().APP_URL}
      guideHref={AUTH_GUIDE_HREF}
      viewer={{ kind: "user", userId: actor.userId, role: actor.role }}
      initial={{ filter: { env, status, q }, page }}
    />
  );
}
