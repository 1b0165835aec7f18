import type { Metadata } from "next";

import { TokenRequestExample } from "@/components/features/credentials/token-request-example";
import { requireActor } from "@/lib/auth/session";
import { getEnv } from "@/lib/env";

export const metadata: Metadata = { title: "API Credentials" };

const AUTH_GUIDE_HREF = "/docs/api-authentication-guide.txt";

export default async function ApiCredentialsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // The layout's check does not protect the page (they render independently), so check here too.
  await requireActor(orgSlug);

  return (
    <div className="grid gap-8">
      <div className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">API Credentials</h1>
        <p className="max-w-prose text-sm text-muted-foreground">
          An API key is a Client ID and Client Secret that your servers exchange for short-lived access tokens to
          call the WorkFlux API.
        </p>
      </div>
      <TokenRequestExample appUrl={getEnv().APP_URL} guideHref={AUTH_GUIDE_HREF} />
    </div>
  );
}
