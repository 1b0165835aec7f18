import type { Metadata } from "next";
import Link from "next/link";

import { ResetPasswordForm } from "@/components/features/account/reset-password-form";
import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { getRuntime } from "@/lib/runtime/current";
import { inspectUserToken, userTokenRefusal } from "@/lib/users/user-tokens";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { db, clock } = getRuntime();
  const { state } = await inspectUserToken(db, token, "password_reset", clock.now());
  const askAgain = (
    <Link href="/forgot-password" className="font-medium text-foreground underline underline-offset-4">
      Ask for a new link
    </Link>
  );
  if (state !== "valid") {
    return (
      <AuthPageFrame title="This link cannot be used" footer={askAgain}>
        <p className="text-sm">{userTokenRefusal(state)}</p>
      </AuthPageFrame>
    );
  }
  return (
    <AuthPageFrame
      title="Choose a new password"
      description="Saving it signs you out on every device; then sign in with the new password."
    >
      <ResetPasswordForm token={token} />
    </AuthPageFrame>
  );
}
