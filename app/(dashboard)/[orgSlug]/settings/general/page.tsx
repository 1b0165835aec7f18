import type { Metadata } from "next";

import { GeneralSettingsView } from "@/components/features/organizations/general-settings-view";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";
import { getDb } from "@/lib/db/client";
import { getTwoFactorRequirement } from "@/lib/orgs/two-factor-requirement";
import { hasSecondFactor } from "@/lib/two-factor/two-factor";

export const metadata: Metadata = { title: "General" };
// Rendered per request and never cached (SA-07).
export const dynamic = "force-dynamic";

export default async function GeneralSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // The layout's check does not protect the page (they render independently), so check here too.
  const actor = await requireActor(orgSlug);
  const [requirement, ownEnabled] = await Promise.all([
    getTwoFactorRequirement(actor),
    hasSecondFactor(getDb(), actor.userId),
  ]);
  return (
    <GeneralSettingsView
      orgSlug={actor.orgSlug}
      orgName={actor.orgName}
      canRename={can(actor, "organization:rename")}
      canChangeSlug={can(actor, "organization:change_slug")}
      canDelete={can(actor, "organization:delete")}
      twoFactor={{
        ...requirement,
        canChange: can(actor, "organization:require_two_factor"),
        ownEnabled,
      }}
    />
  );
}
