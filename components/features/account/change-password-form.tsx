"use client";
// Settings > Account > Password. Saving ends every session of the user (AC-05); this browser then
// signs in again with the new password, so only the other sessions stay signed out.
import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";

import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { changePasswordAction } from "@/lib/actions/account";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/password-rules";

export function ChangePasswordForm() {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [signingIn, setSigningIn] = useState(false);
  const change = useActionMutation(changePasswordAction);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get("newPassword") ?? "");
    const result = await change.run({
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword,
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
    if (!result) return;
    setSigningIn(true);
    const again = await signIn("credentials", { email: result.email, password: newPassword, redirect: false }).catch(
      () => undefined,
    );
    setSigningIn(false);
    formRef.current?.reset();
    if (!again?.ok) {
      // With two-factor on (or any refusal) this browser signs in again on the sign-in page, which
      // says why it is there.
      router.replace("/sign-in?reset=done");
      return;
    }
    toast.success("Password changed. Your other sessions were signed out.");
    router.refresh();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} className="grid max-w-sm gap-4" noValidate>
      <FormError error={change.error} />
      <FormField label="Current password" error={change.fieldErrors.currentPassword?.[0]}>
        <Input name="currentPassword" type="password" autoComplete="current-password" required />
      </FormField>
      <FormField
        label="New password"
        description={`At least ${MIN_PASSWORD_LENGTH} characters.`}
        error={change.fieldErrors.newPassword?.[0]}
      >
        <Input name="newPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <FormField label="Confirm new password" error={change.fieldErrors.confirmPassword?.[0]}>
        <Input name="confirmPassword" type="password" autoComplete="new-password" required />
      </FormField>
      <div>
        <PendingButton type="submit" pending={change.pending || signingIn} pendingLabel="Saving…">
          Change password
        </PendingButton>
      </div>
    </form>
  );
}
