import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";

import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { SignInForm } from "@/components/features/auth/sign-in-form";
import { SignOutButton } from "@/components/features/auth/sign-out-button";
import { CreateAccountForm, JoinButton } from "@/components/features/invitations/accept-invitation-forms";
import { getSessionUser } from "@/lib/auth/session";
import { findInvitation } from "@/lib/invitations/find-invitation";
import { ROLE_LABELS } from "@/lib/orgs/schemas";
import { getRuntime } from "@/lib/runtime/current";
import { normalizeEmail } from "@/lib/validation/email";

// The link is the credential: no Referer carries it to another site (OT-01).
export const metadata: Metadata = { title: "Invitation", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

const CLOSED: Record<"expired" | "used" | "revoked", { title: string; body: (inviter: string) => string }> = {
  expired: {
    title: "This invitation has expired",
    body: (inviter) => `Invitations are valid for 7 days. Ask ${inviter} to send you a new one.`,
  },
  used: {
    title: "This invitation was already used",
    body: () => "Each invitation link works once. If it was you, sign in to reach the organization.",
  },
  revoked: {
    title: "This invitation was revoked",
    body: (inviter) => `It can no longer be used. Ask ${inviter} if you should still join.`,
  },
};

const signInLink = (
  <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
    Go to sign-in
  </Link>
);

function Closed({ title, children }: { title: string; children: ReactNode }) {
  return (
    <AuthPageFrame title={title} footer={signInLink}>
      <p className="text-sm">{children}</p>
    </AuthPageFrame>
  );
}

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await findInvitation(token, { now: getRuntime().clock.now() });
  if (invitation.state === "not_found") {
    return (
      <Closed title="This invitation link is not valid">
        Check that you opened the whole link from the invitation. If it still does not work, ask for a new invitation.
      </Closed>
    );
  }
  const inviter = invitation.inviterName ?? "an owner or admin of the organization";
  if (invitation.state !== "valid") {
    const closed = CLOSED[invitation.state];
    return <Closed title={closed.title}>{closed.body(inviter)}</Closed>;
  }

  const summary = (
    <>
      {invitation.inviterName ? `${invitation.inviterName} invited you` : "You are invited"} to join{" "}
      <strong className="text-foreground">{invitation.orgName}</strong> as{" "}
      <strong className="text-foreground">{ROLE_LABELS[invitation.role].toLowerCase()}</strong>.
    </>
  );
  const user = await getSessionUser();
  if (user && normalizeEmail(user.email) === normalizeEmail(invitation.email)) {
    return (
      <AuthPageFrame title={`Join ${invitation.orgName}`} description={summary}>
        <JoinButton token={token} orgName={invitation.orgName} />
      </AuthPageFrame>
    );
  }
  if (user) {
    return (
      <AuthPageFrame title="This invitation is for another address" description={summary}>
        <div className="grid gap-4 text-sm">
          <p>
            It was sent to <strong className="break-all">{invitation.email}</strong>, and you are signed in as{" "}
            <strong className="break-all">{user.email}</strong>. Sign out, then open the link again and sign in or
            create the account for the invited address.
          </p>
          <SignOutButton stayOnPage />
        </div>
      </AuthPageFrame>
    );
  }
  if (invitation.hasAccount) {
    return (
      <AuthPageFrame
        title={`Sign in to join ${invitation.orgName}`}
        description={<>{summary} You already have an account: sign in to accept.</>}
        footer={
          <Link href="/forgot-password" className="font-medium text-foreground underline underline-offset-4">
            Forgot password?
          </Link>
        }
      >
        <SignInForm callbackUrl={null} email={invitation.email} />
      </AuthPageFrame>
    );
  }
  return (
    <AuthPageFrame title={`Join ${invitation.orgName} on WorkFlux`} description={<>{summary} Create your account.</>}>
      <CreateAccountForm token={token} email={invitation.email} />
    </AuthPageFrame>
  );
}
