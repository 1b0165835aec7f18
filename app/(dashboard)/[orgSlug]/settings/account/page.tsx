import type { Metadata } from "next";

import { ChangePasswordForm } from "@/components/features/account/change-password-form";
import { SessionsList } from "@/components/features/account/sessions-list";
import { SignInMethods } from "@/components/features/account/sign-in-methods";
import { TwoFactorSection } from "@/components/features/account/two-factor-section";
import { needsTwoFactorSetup, requireActor } from "@/lib/auth/session";
import { ssoProviderName } from "@/lib/auth/sso-providers";
import { hasPassword, listIdentities } from "@/lib/identities/manage-identities";
import { sessionPolicy } from "@/lib/env";
import { getRuntime } from "@/lib/runtime/current";
import { listSessions } from "@/lib/sessions/manage-sessions";
import { twoFactorStatus } from "@/lib/two-factor/two-factor";

export const metadata: Metadata = { title: "Account" };
export const dynamic = "force-dynamic";

// The signed-in user's own account: the same page under every organization they belong to.
export default async function AccountPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  // The one page of an organization that requires two-factor a member without it may open (TF-05).
  const actor = await requireActor(orgSlug, { allowTwoFactorSetup: true });
  const setupRequired = await needsTwoFactorSetup(orgSlug);
  const { env } = getRuntime();
  const [sessions, twoFactor, identities, passwordSet] = await Promise.all([
    listSessions(actor.user, sessionPolicy(env)),
    twoFactorStatus(actor.user.id),
    listIdentities(actor.user),
    hasPassword(actor.user),
  ]);
  const methods = identities.map(({ provider, ...rest }) => ({
    ...rest,
    providerName: ssoProviderName(env, provider),
  }));
  const idleDays = Math.round((env.SESSION_IDLE_TIMEOUT_HOURS / 24) * 10) / 10;
  const maxDays = Math.round((env.SESSION_MAX_AGE_HOURS / 24) * 10) / 10;
  return (
    <div className="grid gap-8">
      <header className="grid gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Account</h1>
        <p className="text-sm text-muted-foreground">
          Signed in as {actor.user.name} ({actor.user.email}). These settings are yours, in every organization.
        </p>
      </header>
      {setupRequired ? (
        <p
          role="status"
          className="rounded-md border border-warning-border bg-warning-surface px-3 py-2 text-sm text-warning-foreground"
        >
          <strong className="font-semibold">{actor.orgName} requires two-factor authentication.</strong> Set up an
          authenticator app below to reach the rest of the organization.
        </p>
      ) : null}
      <section aria-labelledby="password-heading" className="grid gap-3">
        <div className="grid gap-1">
          <h2 id="password-heading" className="text-lg font-semibold">
            Password
          </h2>
          {passwordSet ? (
            <p className="max-w-prose text-sm text-muted-foreground">
              Changing it signs you out everywhere else. Forgot it? Sign out and use &ldquo;Forgot password?&rdquo; on
              the sign-in page.
            </p>
          ) : (
            // SO-07: an account made by single sign-on has no password to type here.
            <p className="max-w-prose text-sm text-muted-foreground" data-testid="no-password">
              Your account has no password: you sign in with single sign-on. To set one, sign out and use &ldquo;Forgot
              password?&rdquo; on the sign-in page with {actor.user.email}.
            </p>
          )}
        </div>
        {passwordSet ? <ChangePasswordForm /> : null}
      </section>
      <section aria-labelledby="sign-in-methods-heading" className="grid gap-3">
        <div className="grid gap-1">
          <h2 id="sign-in-methods-heading" className="text-lg font-semibold">
            Sign-in methods
          </h2>
          <p className="max-w-prose text-sm text-muted-foreground">
            Single sign-on providers linked to your account. A provider links itself when you sign in with it and it has
            verified your email address.
          </p>
        </div>
        <SignInMethods methods={methods} hasPassword={passwordSet} />
      </section>
      <section aria-labelledby="security-heading" className="grid gap-3">
        <div className="grid gap-1">
          <h2 id="security-heading" className="text-lg font-semibold">
            Security: two-factor authentication
          </h2>
          <p className="max-w-prose text-sm text-muted-foreground">
            A code from an authenticator app after your password, at every sign-in.
          </p>
        </div>
        <TwoFactorSection status={twoFactor} />
      </section>
      <section aria-labelledby="sessions-heading" className="grid gap-3">
        <div className="grid gap-1">
          <h2 id="sessions-heading" className="text-lg font-semibold">
            Sessions
          </h2>
          <p className="max-w-prose text-sm text-muted-foreground">
            Browsers signed in to your account. A session ends after {idleDays} days without use, and {maxDays} days
            after signing in at the latest. Don&rsquo;t recognise one? Sign it out and change your password.
          </p>
        </div>
        <SessionsList sessions={sessions} />
      </section>
    </div>
  );
}
