"use client";
// Revoke: a Radix AlertDialog (focus starts on Cancel; Esc and Cancel are safe) with a reason, a
// note for "Other", and type-the-name for production keys or an acknowledgement otherwise.
import { useId, useState, type FormEvent } from "react";

import { revokeCredentialAction } from "@/lib/actions/credentials";
import {
  AlertDialog,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { Select } from "@/components/ui/select";
import { REVOKE_REASON_LABELS, REVOKE_REASONS, type RevokeReason } from "@/lib/credentials/schemas";

import { environmentLabel } from "./credential-badges";
import type { CredentialDialogProps } from "./dialog-props";
import { useInvalidateCredentials } from "./queries";

export function RevokeCredentialDialog({
  orgSlug,
  credential,
  onOpenChange,
  onCloseAutoFocus,
  onChanged,
}: CredentialDialogProps) {
  const id = useId();
  const invalidate = useInvalidateCredentials(orgSlug);
  const [reason, setReason] = useState<RevokeReason | "">("");
  const [note, setNote] = useState("");
  const [typedName, setTypedName] = useState("");
  const [acknowledged, setAcknowledged] = useState(false);
  const revoke = useActionMutation(revokeCredentialAction, {
    onSuccess: async () => {
      await invalidate();
      onChanged?.();
      toast.success(`API key "${credential?.name}" revoked.`);
      close();
    },
  });

  const isProduction = credential?.environment === "production";
  const isConfirmed = isProduction ? typedName === credential?.name : acknowledged;
  const canSubmit = Boolean(reason) && (reason !== "other" || note.trim().length > 0) && isConfirmed && !revoke.pending;

  function close() {
    revoke.reset();
    setReason("");
    setNote("");
    setTypedName("");
    setAcknowledged(false);
    onOpenChange(false);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!credential || !reason || !canSubmit) return;
    await revoke.run({
      orgSlug,
      credentialId: credential.id,
      reason,
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  }

  return (
    <AlertDialog open={credential !== null} onOpenChange={(open) => (open ? onOpenChange(true) : close())}>
      {credential ? (
        <AlertDialogContent onCloseAutoFocus={onCloseAutoFocus}>
          <AlertDialogHeader>
            <AlertDialogTitle>Revoke &ldquo;{credential.name}&rdquo;?</AlertDialogTitle>
            <AlertDialogDescription>
              Revoking is immediate and final. The {environmentLabel(credential.environment).toLowerCase()} key stops
              working now, and access tokens already issued with it stop working at once. It stays listed for the audit
              trail.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <form onSubmit={onSubmit} className="grid gap-4">
            <FormField label="Reason">
              <Select
                value={reason}
                onValueChange={setReason}
                required
                className="w-full"
                placeholder="Choose a reason"
                options={REVOKE_REASONS}
                optionLabel={(value) => REVOKE_REASON_LABELS[value]}
              />
            </FormField>
            {reason === "other" || reason === "compromised" ? (
              <FormField
                label={reason === "other" ? "Note" : "Note (optional)"}
                description="Recorded in the audit log."
              >
                <textarea
                  value={note}
                  onChange={(e) => setNote(e.currentTarget.value)}
                  maxLength={500}
                  rows={2}
                  required={reason === "other"}
                  className="w-full rounded-md border border-input bg-background px-3 py-2 text-base sm:text-sm"
                />
              </FormField>
            ) : null}
            {isProduction ? (
              <FormField
                label={
                  <>
                    Type <strong className="font-mono">{credential.name}</strong> to confirm
                  </>
                }
              >
                <Input
                  value={typedName}
                  onChange={(e) => setTypedName(e.currentTarget.value)}
                  autoComplete="off"
                  spellCheck={false}
                />
              </FormField>
            ) : (
              <div className="flex items-start gap-2 text-sm">
                <input
                  id={`${id}-ack`}
                  type="checkbox"
                  checked={acknowledged}
                  onChange={(e) => setAcknowledged(e.currentTarget.checked)}
                  className="mt-0.5 size-4 accent-primary"
                />
                <label htmlFor={`${id}-ack`}>
                  I understand that apps using this key will stop working immediately.
                </label>
              </div>
            )}
            <FormError error={revoke.error} />
            <AlertDialogFooter>
              <AlertDialogCancel>Cancel</AlertDialogCancel>
              <PendingButton
                type="submit"
                variant="destructive"
                disabled={!canSubmit}
                pending={revoke.pending}
                pendingLabel="Revoking…"
              >
                Revoke key
              </PendingButton>
            </AlertDialogFooter>
          </form>
        </AlertDialogContent>
      ) : null}
    </AlertDialog>
  );
}
