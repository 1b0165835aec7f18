"use client";
// Edit a key: name, scopes, expiry. The environment is fixed at creation (create a new key instead).
import { useMutation } from "@tanstack/react-query";
import { LoaderCircle } from "lucide-react";
import { useState, type FormEvent } from "react";

import { updateCredentialAction } from "@/app/(dashboard)/[orgSlug]/settings/api-credentials/actions";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { CredentialDto } from "@/lib/credentials/dto";

import { UNREACHABLE } from "./create-credential-dialog";
import { environmentLabel } from "./credential-badges";
import { ExpiryField, expiryInput, ScopeFieldset, type ExpiryChoice } from "./credential-form-fields";
import { formatDateTime } from "./format";
import { useInvalidateCredentials } from "./queries";

export function EditCredentialDialog({
  orgSlug,
  credential,
  onOpenChange,
  onChanged,
}: {
  orgSlug: string;
  credential: CredentialDto | null;
  onOpenChange: (open: boolean) => void;
  onChanged?: () => void;
}) {
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
  const [errors, setErrors] = useState<Partial<Record<"name" | "scopes" | "expiry" | "_", string>>>({});
  const mutation = useMutation({ mutationFn: updateCredentialAction });
  const removed = credential.scopes.filter((scope) => !scopes.includes(scope));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const resolved = expiryInput(expiry);
    const next = {
      name: name.trim() ? undefined : "Enter a name.",
      scopes: scopes.length ? undefined : "Choose at least one scope.",
      expiry: "error" in resolved ? resolved.error : undefined,
    };
    setErrors(next);
    if (next.name || next.scopes || "error" in resolved) return;
    try {
      const result = await mutation.mutateAsync({
        orgSlug,
        credentialId: credential.id,
        name: name.trim(),
        scopes,
        ...(resolved.value ? { expiry: resolved.value } : {}),
      });
      if (!result.ok) {
        const fe = result.fieldErrors ?? {};
        return setErrors({
          name: fe.name?.[0],
          scopes: fe.scopes?.[0],
          expiry: fe["expiry.date"]?.[0] ?? fe.expiry?.[0],
          _: result.message,
        });
      }
      await invalidate();
      onChanged?.();
      toast.success(`API key "${result.data.name}" updated.`);
      onDone();
    } catch {
      setErrors({ _: UNREACHABLE });
    }
  }

  return (
    <DialogContent className="max-w-xl">
      <DialogHeader>
        <DialogTitle>Edit &ldquo;{credential.name}&rdquo;</DialogTitle>
        <DialogDescription>
          {environmentLabel(credential.environment)} key. The environment is fixed at creation; create a new key for
          another environment.
        </DialogDescription>
      </DialogHeader>
      <form onSubmit={onSubmit} noValidate className="grid gap-4">
        <div role="alert" className="empty:hidden">
          {errors._ ? (
            <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">{errors._}</p>
          ) : null}
        </div>
        <FormField label="Name" error={errors.name}>
          <Input
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            maxLength={100}
            autoComplete="off"
            required
          />
        </FormField>
        <ScopeFieldset value={scopes} onChange={setScopes} error={errors.scopes} />
        {removed.length > 0 ? (
          <p className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
            Removing {removed.join(", ")} applies at once, also to access tokens already issued with this key.
          </p>
        ) : null}
        <ExpiryField
          value={expiry}
          onChange={setExpiry}
          error={errors.expiry}
          allowKeep
          currentExpiry={credential.expiresAt ? formatDateTime(credential.expiresAt) : undefined}
        />
        <DialogFooter>
          <Button variant="outline" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" disabled={mutation.isPending}>
            {mutation.isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
            {mutation.isPending ? "Saving…" : "Save changes"}
          </Button>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
