import type { Metadata } from "next";
import Link from "next/link";

import { ForgotPasswordForm } from "@/components/features/account/forgot-password-form";
import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { getRuntime } from "@/lib/runtime/current";

export const metadata: Metadata = { title: "Forgot password" };
export const dynamic = "force-dynamic";

export default function ForgotPasswordPage() {
  const backToSignIn = (
    <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
      Back to sign-in
    </Link>
  );
  // Without SMTP a reset link can only come from the operator (ML-03); say so instead of a form
  // whose mail would never arrive.
  if (!getRuntime().mail.configured) {
    return (
      <AuthPageFrame title="Reset your password" footer={backToSignIn}>
        <div className="grid gap-3 text-sm">
          <p>This WorkFlux server does not send email, so it cannot mail you a reset link.</p>
          <p>
            Ask the administrator who runs it for one: they can print a link for your address with{" "}
            <code className="rounded bg-muted px-1 py-0.5 text-xs">npm run users -- reset-link you@example.com</code>.
          </p>
        </div>
      </AuthPageFrame>
    );
  }
  return (
    <AuthPageFrame
      title="Reset your password"
      description="Enter the email address of your account and we will mail you a link to choose a new password."
      footer={backToSignIn}
    >
      <ForgotPasswordForm />
    </AuthPageFrame>
  );
}
