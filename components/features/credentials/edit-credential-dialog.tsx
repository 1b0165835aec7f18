"use client";
// Edit a key: name, scopes, expiry. The environment is fixed at creation (create a new key instead).
import { useState, type FormEvent } from "react";

import { updateCredentialAction } from "@/lib/actions/credentials";
import { Dialog } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import type { CredentialDto } from "@/lib/credentials/dto";

import { environmentLabel } from "./credential-badges";
import {
  CredentialNameField,
  ExpiryField,
  expiryInput,
  ScopeFieldset,
  type ExpiryChoice,
} from "./credential-form-fields";
import type { CredentialDialogProps } from "./dialog-props";
import { formatDateTime } from "./format";
import { useInvalidateCredentials } from "./queries";

type Field = "name" | "scopes" | "expiry";

export function EditCredentialDialog({
  orgSlug,
  credential,
  onOpenChange,
  onCloseAutoFocus,
  onChanged,
}: CredentialDialogProps) {
  return (
    <Dialog open={credential !== null} onOpenChange={onOpenChange}>
      {credential ? (
        // Keyed by id so the form starts from the key's current values each time.
        <EditForm
          key={credential.id}
          orgSlug={orgSlug}
          credential={credential}
          onDone={() => onOpenChange(false)}
          onCloseAutoFocus={onCloseAutoFocus}
          onChanged={onChanged}
        />
      ) : null}
    </Dialog>
  );
}

function EditForm({
  orgSlug,
  credential,
  onDone,
  onCloseAutoFocus,
  onChanged,
}: {
  orgSlug: string;
  credential: CredentialDto;
  onDone: () => void;
  onCloseAutoFocus?: (event: Event) => void;
  onChanged?: () => void;
}) {
  const invalidate = useInvalidateCredentials(orgSlug);
  const [name, setName] = useState(credential.name);
  const [scopes, setScopes] = useState<string[]>(credential.scopes);
  const [expiry, setExpiry] = useState<ExpiryChoice>({ preset: "keep", date: "" });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const update = useActionMutation(updateCredentialAction, {
    onSuccess: async (data) => {
      await invalidate();
      onChanged?.();
      toast.success(`API key "${data.name}" updated.`);
      onDone();
    },
  });
  const removed = credential.scopes.filter((scope) => !scopes.includes(scope));

  /** A field's message is about the value it had: editing the field takes it away (client and server). */
  function edited<T>(field: Field, set: (value: T) => void, ...serverNames: string[]) {
    return (value: T) => {
      set(value);
      setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
      update.clearFieldError(field, ...serverNames);
    };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.reset();
    const resolved = expiryInput(expiry);
    const next = {
      name: name.trim() ? undefined : "Enter a name.",
      scopes: scopes.length ? undefined : "Choose at least one scope.",
      expiry: "error" in resolved ? resolved.error : undefined,
    };
    setErrors(next);
    if (next.name || next.scopes || "error" in resolved) return;
    await update.run({
      orgSlug,
      credentialId: credential.id,
      name: name.trim(),
      scopes,
      ...(resolved.value ? { expiry: resolved.value } : {}),
    });
  }

  return (
    <FormDialogContent
      className="max-w-xl"
      title={<>Edit &ldquo;{credential.name}&rdquo;</>}
      description={`${environmentLabel(credential.environment)} key. The environment is fixed at creation; create a new key for another environment.`}
      onCloseAutoFocus={onCloseAutoFocus}
      onSubmit={onSubmit}
      error={update.error}
      onCancel={onDone}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      pending={update.pending}
    >
      <CredentialNameField
        value={name}
        onChange={edited("name", setName)}
        error={errors.name ?? update.fieldError("name")}
      />
      <ScopeFieldset
        value={scopes}
        onChange={edited("scopes", setScopes)}
        error={errors.scopes ?? update.fieldError("scopes")}
      />
      {removed.length > 0 ? (
        <p className="rounded-md border border-warning-border bg-warning-surface px-3 py-2 text-sm text-warning-foreground">
          Removing {removed.join(", ")} applies at once, also to access tokens already issued with this key.
        </p>
      ) : null}
      <ExpiryField
        value={expiry}
        onChange={edited("expiry", setExpiry, "expiry.date")}
        error={errors.expiry ?? update.fieldError("expiry.date", "expiry")}
        allowKeep
        currentExpiry={credential.expiresAt ? formatDateTime(credential.expiresAt) : undefined}
      />
    </FormDialogContent>
  );
}
