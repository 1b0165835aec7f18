import type { ReactNode } from "react";

import { SettingsNav } from "@/components/features/shell/settings-nav";

export default async function SettingsLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ orgSlug: string }>;
}) {
  const { orgSlug } = await params;
  return (
    <div className="grid gap-6 md:grid-cols-[12rem_minmax(0,1fr)] md:gap-10">
      <SettingsNav orgSlug={orgSlug} />
      <div className="min-w-0">{children}</div>
    </div>
  );
}
