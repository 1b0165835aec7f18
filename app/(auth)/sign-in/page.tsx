import type { Metadata } from "next";
import { redirect } from "next/navigation";

import { safeCallbackUrl } from "@/components/features/auth/callback-url";
import { SignInForm } from "@/components/features/auth/sign-in-form";
import { signInFailureMessage } from "@/components/features/auth/sign-in-messages";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { callbackUrl: rawCallbackUrl, error, csrf } = await searchParams;
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

  return (
    <main className="flex min-h-dvh flex-col items-center justify-center gap-6 bg-surface px-4 py-10">
      <p className="text-2xl font-bold tracking-tight" aria-hidden="true">
        WorkFlux
      </p>
      <Card className="w-full max-w-sm">
        <CardHeader>
          <CardTitle as="h1">Sign in to WorkFlux</CardTitle>
          <CardDescription>Manage your organization&apos;s API credentials.</CardDescription>
        </CardHeader>
        <CardContent>
          <SignInForm callbackUrl={callbackUrl} initialError={initialError} />
        </CardContent>
      </Card>
    </main>
  );
}
