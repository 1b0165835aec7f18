"use client";
// The code step after a single sign-on (TF-06): the app's code, or a recovery code instead.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { completeSecondFactorAction } from "@/lib/actions/second-factor";

export function SecondFactorForm() {
  const router = useRouter();
  const [useRecoveryCode, setUseRecoveryCode] = useState(false);
  const complete = useActionMutation(completeSecondFactorAction, {
    onSuccess: () => {
      router.replace("/");
      router.refresh();
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void complete.run({ code: String(new FormData(event.currentTarget).get("code") ?? "") });
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4" noValidate>
      <FormError error={complete.fieldError("code") ? null : complete.error} />
      <FormField
        key={useRecoveryCode ? "recovery" : "totp"}
        label={useRecoveryCode ? "Recovery code" : "Authentication code"}
        error={complete.fieldError("code")}
      >
        <Input name="code" required autoFocus autoComplete="one-time-code" spellCheck={false} maxLength={24} />
      </FormField>
      <button
        type="button"
        className="justify-self-start text-sm font-medium underline underline-offset-4"
        onClick={() => setUseRecoveryCode((current) => !current)}
      >
        {useRecoveryCode ? "Use your authenticator app instead" : "Use a recovery code instead"}
      </button>
      <PendingButton type="submit" pending={complete.pending} pendingLabel="Verifying…" className="w-full">
        Verify
      </PendingButton>
    </form>
  );
}
