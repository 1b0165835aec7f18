// /verify-email/<token>: the link mailed at sign-up (AC-06, OT-01). Opening it shows a button;
// pressing it confirms the address (the link is spent in the same transaction) and sends the user
// on: into their organizations when this browser is signed in, else to sign-in. So a mail scanner
// that opens the link confirms nothing. A used, replaced, expired or unknown link gets a page
// saying so, as the reset-password link does; the token appears in no log, error or audit row.
import type { Metadata } from "next";
import Link from "next/link";

import { VerifyEmailButton } from "@/components/features/account/verify-email-button";
import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { getRuntime } from "@/lib/runtime/current";
import { inspectUserToken, userTokenRefusal } from "@/lib/users/user-tokens";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db, clock } = getRuntime();
  const { state } = await inspectUserToken(db, token, "email_verification", clock.now());
  if (state !== "valid") {
    return (
      <AuthPageFrame
        title="This link cannot be used"
        footer={
          <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
            Sign in to have a new link sent
          </Link>
        }
      >
        <p className="text-sm">{userTokenRefusal(state)}</p>
      </AuthPageFrame>
    );
  }
  return (
    <AuthPageFrame title="Confirm your email address" description="One click and your account is ready to use.">
      <VerifyEmailButton token={token} />
    </AuthPageFrame>
  );
}
