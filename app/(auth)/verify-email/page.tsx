// /verify-email: "Check your inbox", the only page a signed-in user whose address is unconfirmed
// may see (AC-06); requireActor and "/" send them here. It can resend the link (throttled, AC-02)
// and sign out.
import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { ResendVerificationButton } from "@/components/features/account/resend-verification-button";
import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { SignOutButton } from "@/components/features/auth/sign-out-button";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Check your inbox" };
export const dynamic = "force-dynamic";

export default async function CheckInboxPage() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (user.emailVerified) redirect("/");
  return (
    <AuthPageFrame title="Check your inbox" description="Confirm your email address to start using WorkFlux.">
      <div className="grid gap-4 text-sm">
        <p>
          We sent a link to <strong className="break-all">{user.email}</strong>. Open it to confirm that the address is
          yours; it works once and expires in 24 hours.
        </p>
        <p className="text-muted-foreground">Nothing there? Check your spam folder, or have a new link sent.</p>
        <div className="flex flex-wrap items-start gap-3">
          <ResendVerificationButton />
          <SignOutButton />
        </div>
      </div>
    </AuthPageFrame>
  );
}
