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

export function EditCredentialDialog({ orgSlug, credential, onOpenChange, onChanged }: CredentialDialogProps) {
  return (
    <Dialog open={credential !== null} onOpenChange={onOpenChange}>
      {credential ? (
        // Keyed by id so the form starts from the key's current values each time.
        <EditForm
          key={credential.id}
          orgSlug={orgSlug}
          credential={credential}
          onDone={() => onOpenChange(false)}
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
  onChanged,
}: {
  orgSlug: string;
  credential: CredentialDto;
  onDone: () => void;
  onChanged?: () => void;
}) {
  const invalidate = useInvalidateCredentials(orgSlug);
  const [name, setName] = useState(credential.name);
  const [scopes, setScopes] = useState<string[]>(credential.scopes);
  const [expiry, setExpiry] = useState<ExpiryChoice>({ preset: "keep", date: "" });
  const [errors, setErrors] = useState<Partial<Record<"name" | "scopes" | "expiry", string>>>({});
  const update = useActionMutation(updateCredentialAction, {
    onSuccess: async (data) => {
      await invalidate();
      onChanged?.();
      toast.success(`API key "${data.name}" updated.`);
      onDone();
    },
  });
  const removed = credential.scopes.filter((scope) => !scopes.includes(scope));

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
      onSubmit={onSubmit}
      error={update.error}
      onCancel={onDone}
      submitLabel="Save changes"
      pendingLabel="Saving…"
      pending={update.pending}
    >
      <CredentialNameField value={name} onChange={setName} error={errors.name ?? update.fieldError("name")} />
      <ScopeFieldset value={scopes} onChange={setScopes} error={errors.scopes ?? update.fieldError("scopes")} />
      {removed.length > 0 ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Removing {removed.join(", ")} applies at once, also to access tokens already issued with this key.
        </p>
      ) : null}
      <ExpiryField
        value={expiry}
        onChange={setExpiry}
        error={errors.expiry ?? update.fieldError("expiry.date", "expiry")}
        allowKeep
        currentExpiry={credential.expiresAt ? formatDateTime(credential.expiresAt) : undefined}
      />
    </FormDialogContent>
  );
}
