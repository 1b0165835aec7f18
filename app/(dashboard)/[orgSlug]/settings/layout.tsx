import type { ReactNode } from "react";

import { SettingsNav } from "@/components/features/shell/settings-nav";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/authz/permissions";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ orgSlug: string }>;
}) {
  const { orgSlug } = await params;
  // Only to choose which entries to show; each page checks the caller itself.
  const actor = await getActor(orgSlug);
  return (
    // The navigation is a row above the page below xl and a column beside it from xl, so the
    // pages' tables have the full width at 1024 px.
    <div className="grid grid-cols-1 gap-6 xl:grid-cols-[12rem_minmax(0,1fr)] xl:gap-10">
      <SettingsNav orgSlug={orgSlug} canReadAudit={actor ? can(actor, "audit:read") : false} />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
