"use client";

import { LoaderCircle } from "lucide-react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { UNREACHABLE } from "@/components/ui/use-action-mutation";

// One message for every credential failure, so the form never reveals whether an account exists.
const INVALID_CREDENTIALS = "Incorrect email or password.";
const RATE_LIMITED = "Too many sign-in attempts. Try again in a few minutes.";
const UNAVAILABLE = "Sign-in is briefly unavailable. Try again in a moment.";
const FORM_EXPIRED = "This sign-in form has expired. Reload the page and try again.";

/** What the form says for each way next-auth reports a failed sign-in. */
export function signInFailureMessage(result: { error?: string | null; url?: string | null } | undefined): string {
  if (result?.error === "rate_limited") return RATE_LIMITED;
  if (result?.error === "unavailable") return UNAVAILABLE;
  // A refused CSRF token comes back without an error code, as a redirect to the sign-in page.
  if (!result?.error && result?.url && new URL(result.url, "http://x").searchParams.has("csrf")) return FORM_EXPIRED;
  return INVALID_CREDENTIALS;
}

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email") ?? "").trim();
    const password = String(form.get("password") ?? "");

    setIsPending(true);
    setError(null);
    try {
      const res = await signIn<"credentials">("credentials", { email, password, redirect: false, callbackUrl });
      const csrfRefused = res?.url ? new URL(res.url, window.location.href).searchParams.has("csrf") : false;
      if (!res || res.error || !res.ok || csrfRefused) {
        setError(signInFailureMessage(res));
        setIsPending(false);
        return;
      }
      router.replace(callbackUrl);
      router.refresh();
      // Stay pending while the next page loads, so the button cannot be pressed twice.
    } catch {
      setError(UNREACHABLE);
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4">
      <div role="alert" aria-atomic="true" className="empty:hidden">
        {error ? (
          <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">{error}</p>
        ) : null}
      </div>
      <FormField label="Email">
        <Input name="email" type="email" autoComplete="username" required />
      </FormField>
      <FormField label="Password">
        <Input name="password" type="password" autoComplete="current-password" required />
      </FormField>
      <Button type="submit" disabled={isPending} className="w-full">
        {isPending ? (
          <>
            <LoaderCircle className="animate-spin" aria-hidden="true" />
            Signing in…
          </>
        ) : (
          "Sign in"
        )}
      </Button>
    </form>
  );
}
