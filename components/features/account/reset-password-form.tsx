"use client";

import { useRouter } from "next/navigation";
import { type FormEvent } from "react";

import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { resetPasswordAction } from "@/lib/actions/account";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/password";

export function ResetPasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const reset = useActionMutation(resetPasswordAction, {
    onSuccess: () => router.replace("/sign-in?reset=done"),
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void reset.run({
      token,
      password: String(form.get("password") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <FormError error={reset.error} />
      <FormField
        label="New password"
        description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={reset.fieldErrors.password?.[0]}
      >
        <Input name="password" type="password" autoComplete="new-password" required autoFocus />
      </FormField>
      <FormField label="Confirm new password" error={reset.fieldErrors.confirmPassword?.[0]}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <PendingButton type="submit" pending={reset.pending} pendingLabel="Saving…" className="w-full">
        Set new password
      </PendingButton>
    </form>
  );
}
