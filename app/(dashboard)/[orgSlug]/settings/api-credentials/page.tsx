import type { Metadata } from "next";

import { CredentialsView } from "@/components/features/credentials/credentials-view";
import { requireActor } from "@/lib/auth/session";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { ListCredentialsQuery } from "@/lib/credentials/schemas";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "API Credentials" };
// Rendered per request and never cached (SECURITY SA-07): the page lists the organization's keys.
export const dynamic = "force-dynamic";

const AUTH_GUIDE_HREF = "/docs/api-authentication-guide.txt";

export default async function ApiCredentialsPage({
  params,
  searchParams,
}: {
  params: Promise<{ orgSlug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orgSlug } = await params;
  // The layout's check does not protect the page (they render independently), so check here too.
  const actor = await requireActor(orgSlug);
  const raw = await searchParams;
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const { env, status, q } = ListCredentialsQuery.parse({
    env: first(raw.env),
    status: first(raw.status),
    q: first(raw.q),
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
