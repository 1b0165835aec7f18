"use client";

import { LoaderCircle } from "lucide-react";
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, useSyncExternalStore, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { UNREACHABLE } from "@/components/ui/use-action-mutation";

import { SECOND_FACTOR_REQUIRED, signInFailureMessage } from "./sign-in-messages";

const noSubscription = () => () => {};

export function SignInForm({
  callbackUrl,
  initialError,
  email: fixedEmail,
}: {
  /** Where to go once signed in; null stays on this page and re-renders it (a one-time link's page,
   * whose token must not travel into another URL or next-auth's callback cookie). */
  callbackUrl: string | null;
  initialError?: string | null;
  /** The address to sign in with, when the page already knows it. */
  email?: string;
}) {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(initialError ?? null);
  // With two-factor on, the password step is followed by a code step (TF-04); the email and password
  // stay in memory for it and are sent again with the code.
  const [step, setStep] = useState<"password" | "code">("password");
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const firstStep = useRef({ email: "", password: "" });
  // Until React has hydrated the form, a submit would be the browser's own: the email and password
  // in a GET URL, and a silent reload (slow to hydrate under `npm run dev`). So the button starts
  // disabled, which also blocks submitting with Enter.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (step === "password") {
      firstStep.current = {
        email: String(form.get("email") ?? "").trim(),
        password: String(form.get("password") ?? ""),
      };
    }
    const code = step === "code" ? String(form.get("code") ?? "").trim() : undefined;

    setIsPending(true);
    setError(null);
    try {
      const res = await signIn<"credentials">("credentials", {
        ...firstStep.current,
        ...(code !== undefined ? { code } : {}),
        redirect: false,
        callbackUrl: callbackUrl ?? "/",
      });
      const csrfRefused = res?.url ? new URL(res.url, window.location.href).searchParams.has("csrf") : false;
      if (res?.error === SECOND_FACTOR_REQUIRED) {
        setStep("code");
        setIsPending(false);
        return;
      }
      if (!res || res.error || !res.ok || csrfRefused) {
        setError(signInFailureMessage(res));
        setIsPending(false);
        return;
      }
      firstStep.current = { email: "", password: "" };
      if (callbackUrl !== null) router.replace(callbackUrl);
      router.refresh();
      // Stay pending while the next page loads, so the button cannot be pressed twice.
    } catch {
      setError(UNREACHABLE);
      setIsPending(false);
    }
  }

  return (
    <form onSubmit={onSubmit} method="post" className="grid gap-4">
      <div role="alert" aria-atomic="true" className="empty:hidden">
        {error ? (
          <p className="rounded-md border border-danger-border bg-danger-surface px-3 py-2 text-sm text-danger-foreground">
            {error}
          </p>
        ) : null}
      </div>
      {step === "password" ? (
        <>
          <FormField label="Email">
            <Input
              name="email"
              type="email"
              autoComplete="username"
              required
              defaultValue={fixedEmail}
              readOnly={fixedEmail !== undefined}
            />
          </FormField>
          <FormField label="Password">
            <Input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus={fixedEmail !== undefined}
            />
          </FormField>
        </>
      ) : (
        <>
          <FormField
            key={useRecoveryCode ? "recovery" : "totp"}
            label={useRecoveryCode ? "Recovery code" : "Authentication code"}
            description={
              useRecoveryCode
                ? "One of the recovery codes you saved when you turned on two-factor. Each works once."
                : "The 6-digit code your authenticator app shows for WorkFlux."
            }
          >
            <Input
              name="code"
              required
              autoFocus
              autoComplete="one-time-code"
              spellCheck={false}
              {...(useRecoveryCode
                ? { maxLength: 24, placeholder: "xxxx-xxxx-xxxx-xxxx" }
                : { inputMode: "numeric" as const, pattern: "[0-9 ]*", maxLength: 7 })}
            />
          </FormField>
          <button
            type="button"
            className="justify-self-start text-sm font-medium underline underline-offset-4"
            onClick={() => {
              setUseRecoveryCode((current) => !current);
              setError(null);
            }}
          >
            {useRecoveryCode ? "Use your authenticator app instead" : "Use a recovery code instead"}
          </button>
        </>
      )}
      <Button type="submit" disabled={isPending || !hydrated} className="w-full">
        {isPending ? (
          <>
            <LoaderCircle className="animate-spin" aria-hidden="true" />
            Signing in…
          </>
        ) : step === "code" ? (
          "Verify"
        ) : (
          "Sign in"
        )}
      </Button>
    </form>
  );
}
