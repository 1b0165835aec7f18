"use client";
// The prompt of sudo mode (SS-03), mounted once in the dashboard's layout: opened by `withSudo`
// when a change needs a recent sign-in, it confirms the password (or, for a user with two-factor,
// a code of their app or a recovery code) for this session and lets the change the user started
// continue. Closing it cancels that change.
import { useEffect, useRef, useState, type FormEvent } from "react";

import { Dialog } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { registerSudoPrompt } from "@/components/ui/sudo";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { confirmCodeAction, confirmPasswordAction } from "@/lib/actions/account";

export function SudoPrompt({ email, hasSecondFactor }: { email: string; hasSecondFactor: boolean }) {
  const [open, setOpen] = useState(false);
  const [withCode, setWithCode] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);
  const byPassword = useActionMutation(confirmPasswordAction, { onSuccess: () => finish(true) });
  const byCode = useActionMutation(confirmCodeAction, { onSuccess: () => finish(true) });
  const confirm = withCode ? byCode : byPassword;
  const field = withCode ? "code" : "password";

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
    setWithCode(false);
    byPassword.reset();
    byCode.reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = String(form.get(field) ?? "");
    void (withCode ? byCode.run({ code: value }) : byPassword.run({ password: value }));
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? undefined : finish(false))}>
      <FormDialogContent
        title="Confirm it's you"
        description={`This change needs your ${withCode ? "authenticator app" : "password"} again. You won't be asked again for 15 minutes.`}
        onSubmit={onSubmit}
        error={confirm.fieldError(field) ? null : confirm.error}
        onCancel={() => finish(false)}
        submitLabel="Confirm"
        pendingLabel="Confirming…"
        pending={confirm.pending}
      >
        {/* For password managers: which account this password belongs to. */}
        <input type="email" name="username" value={email} autoComplete="username" readOnly hidden />
        {withCode ? (
          <FormField
            key="code"
            label="Authentication code"
            description="From your app, or an unused recovery code."
            error={confirm.fieldError("code")}
          >
            <Input name="code" autoComplete="one-time-code" maxLength={24} required autoFocus spellCheck={false} />
          </FormField>
        ) : (
          <FormField key="password" label="Password" error={confirm.fieldError("password")}>
            <Input name="password" type="password" autoComplete="current-password" required autoFocus />
          </FormField>
        )}
        {hasSecondFactor ? (
          <button
            type="button"
            className="justify-self-start text-sm font-medium underline underline-offset-4"
            onClick={() => setWithCode((current) => !current)}
          >
            {withCode ? "Use your password instead" : "Use your authenticator app instead"}
          </button>
        ) : null}
      </FormDialogContent>
    </Dialog>
  );
}
