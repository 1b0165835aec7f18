import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";

import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { safeCallbackUrl } from "@/components/features/auth/callback-url";
import { SignInForm } from "@/components/features/auth/sign-in-form";
import { signInFailureMessage } from "@/components/features/auth/sign-in-messages";
import { SsoButtons } from "@/components/features/auth/sso-buttons";
import { configuredSsoProviders } from "@/lib/auth/sso-providers";
import { getPendingSecondFactor, getSessionUser, SECOND_FACTOR_PATH } from "@/lib/auth/session";
import { getEnv } from "@/lib/runtime/current";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl: rawCallbackUrl, error, csrf, reset, verified } = await searchParams;
  const callbackUrl = safeCallbackUrl(rawCallbackUrl);
  // next-auth's redirects after a failed sign-in (a form posted without JavaScript) say why here.
  const initialError =
    typeof error === "string" || csrf !== undefined
      ? signInFailureMessage({
          error: typeof error === "string" ? error : null,
          url: csrf !== undefined ? "/?csrf=true" : null,
        })
      : null;

  // Someone who is already signed in has nothing to do here.
  if (await getSessionUser()) redirect(callbackUrl);
  if (await getPendingSecondFactor()) redirect(SECOND_FACTOR_PATH);

  return (
    <AuthPageFrame
      title="Sign in to WorkFlux"
      description="Manage your organization's API credentials."
      footer={
        <div className="flex flex-wrap justify-center gap-x-6 gap-y-2">
          <Link href="/forgot-password" className="font-medium text-foreground underline underline-offset-4">
            Forgot password?
          </Link>
          {/* Only where the operator opened sign-up (AC-06); elsewhere /sign-up is a 404. */}
          {getEnv().ALLOW_SIGNUP ? (
            <Link href="/sign-up" className="font-medium text-foreground underline underline-offset-4">
              Create an account
            </Link>
          ) : null}
        </div>
      }
    >
      {verified !== undefined ? (
        <p role="status" className="mb-4 rounded-md border border-success-border bg-success-surface px-3 py-2 text-sm">
          Your email address is confirmed. Sign in to start using WorkFlux.
        </p>
      ) : null}
      {reset === "done" ? (
        <p role="status" className="mb-4 rounded-md border border-success-border bg-success-surface px-3 py-2 text-sm">
          Your password was changed and every session signed out. Sign in with the new password.
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
      <SsoButtons providers={configuredSsoProviders(getEnv())} callbackUrl={callbackUrl} />
    </AuthPageFrame>
  );
}
