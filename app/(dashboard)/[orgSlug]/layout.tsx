import Link from "next/link";
import type { ReactNode } from "react";

import { SudoPrompt } from "@/components/features/auth/sudo-prompt";
import { MainNav } from "@/components/features/shell/main-nav";
import { UserMenu } from "@/components/features/shell/user-menu";
import { listMemberships, requireActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { hasSecondFactor } from "@/lib/two-factor/two-factor";

// The shell for everything inside an organization. requireActor is the access check for the
// layout's own data only; every page, action and route handler repeats its own check.
export default async function OrgLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ orgSlug: string }>;
}) {
  const { orgSlug } = await params;
  // The shell also frames the account page a member sets up two-factor on (TF-05).
  const actor = await requireActor(orgSlug, { allowTwoFactorSetup: true });
  const [memberships, hasTwoFactor] = await Promise.all([
    listMemberships(actor.user.id),
    hasSecondFactor(getDb(), actor.user.id),
  ]);
  const homeHref = `/${encodeURIComponent(actor.orgSlug)}/settings/api-credentials`;

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-border bg-background">
        <div className="mx-auto flex h-14 max-w-7xl items-center gap-3 px-4">
          <Link href={homeHref} className="shrink-0 rounded-sm text-base font-bold tracking-tight">
            WorkFlux
          </Link>
          <span aria-hidden="true" className="text-border">
            /
          </span>
          <p className="min-w-0 flex-1 truncate text-sm font-medium" title={actor.orgName}>
            <span className="sr-only">Organization: </span>
            {actor.orgName}
          </p>
          <MainNav orgSlug={actor.orgSlug} />
          <UserMenu
            user={{ name: actor.user.name, email: actor.user.email }}
            role={actor.role}
            currentOrgSlug={actor.orgSlug}
            organizations={memberships}
          />
        </div>
      </header>
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-7xl flex-1 px-4 py-6 focus:outline-none sm:py-8">
        {children}
      </main>
      <SudoPrompt email={actor.user.email} hasSecondFactor={hasTwoFactor} />
    </div>
  );
}
