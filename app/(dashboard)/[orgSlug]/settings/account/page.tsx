import type { Metadata } from "next";

import { ChangePasswordForm } from "@/components/features/account/change-password-form";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

// The signed-in user's own account: the same page under every organization they belong to.
export default async function AccountPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const actor = await requireActor(orgSlug);
  return (
    <div className="grid gap-8">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="text-sm text-muted-foreground">
          Signed in as {actor.user.name} ({actor.user.email}). These settings are yours, in every organization.
        </p>
      </header>
      <section aria-labelledby="password-heading" className="grid gap-3">
        <div className="grid gap-1">
          <h2 id="password-heading" className="text-lg font-semibold">
            Password
          </h2>
          <p className="max-w-prose text-sm text-muted-foreground">
            Changing it signs you out everywhere else. Forgot it? Sign out and use &ldquo;Forgot password?&rdquo; on the
            sign-in page.
          </p>
        </div>
        <ChangePasswordForm />
      </section>
    </div>
  );
}
