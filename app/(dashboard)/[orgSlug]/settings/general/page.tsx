import type { Metadata } from "next";

import { GeneralSettingsView } from "@/components/features/organizations/general-settings-view";
import { requireActor } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";

export const metadata: Metadata = { title: "General" };
// Rendered per request and never cached (SA-07).
export const dynamic = "force-dynamic";

export default async function GeneralSettingsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // The layout's check does not protect the page (they render independently), so check here too.
  const actor = await requireActor(orgSlug);
  return (
    <GeneralSettingsView
      orgSlug={actor.orgSlug}
      orgName={actor.orgName}
      canRename={can(actor, "organization:rename")}
      canChangeSlug={can(actor, "organization:change_slug")}
      canDelete={can(actor, "organization:delete")}
    />
  );
}
