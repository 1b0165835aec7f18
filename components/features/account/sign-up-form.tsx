"use client";
// The sign-up page's card (AC-06). Without SMTP the new account is usable at once: the form signs
// in with next-auth and opens the new organization. With SMTP the card turns into "Check your
// inbox", whether the address was new or already had an account (docs/adr/0004): the answer
// says nothing about which, so nothing here signs in either.
import { signIn } from "next-auth/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from "react";

import { AuthPageFrame } from "@/components/features/auth/auth-page-frame";
import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { signUpAction } from "@/lib/actions/account";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/password-rules";

const noSubscription = () => () => {};

export function SignUpForm({ footer }: { footer: ReactNode }) {
  const router = useRouter();
  // As on the sign-in form: until React has hydrated, a submit would be the browser's own, with the
  // password in the request. The button starts disabled.
  const hydrated = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const formRef = useRef<HTMLFormElement>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [signingIn, setSigningIn] = useState(false);
  const signUp = useActionMutation(signUpAction, {
    onError: () =>
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus()),
  });
  const errors = signUp.fieldErrors;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    const result = await signUp.run({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      password,
      confirmPassword: String(form.get("confirmPassword") ?? ""),
      organizationName: String(form.get("organizationName") ?? ""),
    });
    if (!result) return;
    if (result.status === "check_inbox") {
      setSentTo(result.email);
      return;
    }
    setSigningIn(true);
    const session = await signIn("credentials", { email: result.email, password, redirect: false }).catch(
      () => undefined,
    );
    if (!session?.ok) {
      // The account exists; only this automatic sign-in failed (a throttle, a dropped connection).
      router.replace("/sign-in");
      return;
    }
    router.replace(`/${encodeURIComponent(result.orgSlug)}`);
    router.refresh();
  }

  if (sentTo) {
    return (
      <AuthPageFrame title="Check your inbox" footer={footer}>
        <div role="status" className="grid gap-3 text-sm">
          <p>
            We sent a link to <strong className="break-all">{sentTo}</strong>. Open it to confirm your address and start
            using your organization. It works once and expires in 24 hours.
          </p>
          <p className="text-muted-foreground">
            Nothing after a few minutes? Check your spam folder, or{" "}
            <Link href="/sign-in" className="font-medium text-foreground underline underline-offset-4">
              sign in
            </Link>{" "}
            to have the link sent again.
          </p>
        </div>
      </AuthPageFrame>
    );
  }

  return (
    <AuthPageFrame
      title="Create your WorkFlux account"
      description="You will own a new organization, where you manage API credentials and invite your team."
      footer={footer}
    >
      <form ref={formRef} onSubmit={onSubmit} method="post" className="grid gap-4" noValidate>
        <FormError error={signUp.error} />
        <FormField label="Email" error={errors.email?.[0]}>
          <Input name="email" type="email" autoComplete="email" required autoFocus />
        </FormField>
        <FormField label="Your name" error={errors.name?.[0]}>
          <Input name="name" autoComplete="name" required />
        </FormField>
        <FormField
          label="Password"
          description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          error={errors.password?.[0]}
        >
          <Input name="password" type="password" autoComplete="new-password" required />
        </FormField>
        <FormField label="Confirm password" error={errors.confirmPassword?.[0]}>
          <Input name="confirmPassword" type="password" autoComplete="new-password" required />
        </FormField>
        <FormField
          label="Organization name"
          description="Your company or team. You can rename it later."
          error={errors.organizationName?.[0]}
        >
          <Input name="organizationName" autoComplete="organization" required />
        </FormField>
        <PendingButton
          type="submit"
          pending={signUp.pending || signingIn}
          disabled={!hydrated}
          pendingLabel="Creating account…"
          className="w-full"
        >
          Create account
        </PendingButton>
      </form>
    </AuthPageFrame>
  );
}
