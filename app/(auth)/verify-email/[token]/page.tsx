// /verify-email/<token>: the link mailed at sign-up (AC-06, OT-01). Opening it confirms the
// address (the link is spent in the same transaction) and sends the user on: into their
// organizations when this browser is signed in, else to sign-in. A used, replaced, expired or
// unknown link gets a page saying so, as the reset-password link does; the token appears in
// no log, error or audit row.
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { getSessionUser } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { currentRequestInfo } from "@/lib/http/request-info";
import { verifyEmail } from "@/lib/users/email-verification";

export const metadata: Metadata = { title: "Confirm your email address", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let refusal: string | null = null;
  try {
    await verifyEmail(token, { request: await currentRequestInfo() });
  } catch (error) {
    if (!isAppError(error)) throw error;
    refusal = error.message;
  }
  if (refusal === null) redirect((await getSessionUser()) ? "/" : "/sign-in?verified=1");
  return (
    <AuthPageFrame
      title="This link cannot be used"
      footer={
        <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
          Sign in to have a new link sent
        </Link>
      }
    >
      <p className="text-sm">{refusal}</p>
    </AuthPageFrame>
  );
}
