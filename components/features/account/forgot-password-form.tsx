"use client";

import { useState, type FormEvent } from "react";

import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { requestPasswordResetAction } from "@/lib/actions/account";

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const request = useActionMutation(requestPasswordResetAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "").trim();
    if ((await request.run({ email })) !== undefined) setSentTo(email);
  }

  if (sentTo) {
    return (
      <div role="status" className="grid gap-3 text-sm">
        <p>
          If an account uses <strong className="break-all">{sentTo}</strong>, a link to choose a new password is on its
          way. It works once and expires in 1 hour.
        </p>
        <p className="text-muted-foreground">Nothing after a few minutes? Check your spam folder, or try again.</p>
      </div>
    );
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <FormError error={request.error} />
      <FormField label="Email" error={request.fieldErrors.email?.[0]}>
        <Input name="email" type="email" autoComplete="email" required autoFocus />
      </FormField>
      <PendingButton type="submit" pending={request.pending} pendingLabel="Sending…" className="w-full">
        Send reset link
      </PendingButton>
    </form>
  );
}
