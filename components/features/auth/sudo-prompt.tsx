"use client";
// The password prompt of sudo mode (SS-03), mounted once in the dashboard's layout: opened by
// `withSudo` when a change needs a recent sign-in, it confirms the password for this session and
// lets the change the user started continue. Closing it cancels that change.
import { useEffect, useRef, useState, type FormEvent } from "react";

import { Dialog } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { registerSudoPrompt } from "@/components/ui/sudo";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { confirmPasswordAction } from "@/lib/actions/account";

export function SudoPrompt({ email }: { email: string }) {
  const [open, setOpen] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);
  const confirm = useActionMutation(confirmPasswordAction, {
    onSuccess: () => finish(true),
  });

  useEffect(
    () =>
      registerSudoPrompt(
        () =>
          new Promise<boolean>((resolve) => {
            settle.current?.(false);
            settle.current = resolve;
            setOpen(true);
          }),
      ),
    [],
  );

  function finish(confirmed: boolean) {
    settle.current?.(confirmed);
    settle.current = null;
    setOpen(false);
    confirm.reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    void confirm.run({ password: String(form.get("password") ?? "") });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : finish(false))}>
      <FormDialogContent
        title="Confirm it's you"
        description="This change needs your password again. You won't be asked again for 15 minutes."
        onSubmit={onSubmit}
        error={confirm.fieldError("password") ? null : confirm.error}
        onCancel={() => finish(false)}
        submitLabel="Confirm"
        pendingLabel="Confirming…"
        pending={confirm.pending}
      >
        {/* For password managers: which account this password belongs to. */}
        <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
        <FormField label="Password" error={confirm.fieldError("password")}>
          <Input name="password" type="password" autoComplete="current-password" required autoFocus />
        </FormField>
      </FormDialogContent>
    </Dialog>
  );
}
