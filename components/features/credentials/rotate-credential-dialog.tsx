"use client";
// Rotate (Stripe's "roll"): choose how long the old secret keeps working, then the one-time reveal
// of the new one. "Immediately" also ends every access token issued before now.
import { useState, type FormEvent } from "react";

import { rotateCredentialAction } from "@/lib/actions/credentials";
import { Dialog } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { ROTATION_GRACE_LABELS, ROTATION_GRACE_OPTIONS, type RotationGrace } from "@/lib/credentials/rotation-grace";

import type { CredentialDialogProps } from "./dialog-props";
import { formatDateTime } from "./format";
import { useInvalidateCredentials } from "./queries";
import { RevealDialogContent } from "./reveal-dialog-content";

const GRACE_EXPLANATIONS: Record<RotationGrace, string> = {
  now: "The old secret stops working now, and access tokens already issued with this key stop working too. Use this if the secret leaked.",
  "1h": "Enough to redeploy one service with the new secret.",
  "24h": "For a coordinated roll-out across several services.",
  "7d": "For clients you don't control directly. Capped at the key's expiry.",
};

export function RotateCredentialDialog({
  orgSlug,
  appUrl,
  credential,
  onOpenChange,
  onCloseAutoFocus,
  onChanged,
}: CredentialDialogProps & { appUrl: string }) {
  const invalidate = useInvalidateCredentials(orgSlug);
  const [grace, setGrace] = useState<RotationGrace>("24h");
  const rotate = useActionMutation(rotateCredentialAction, {
    gcTime: 0,
    onSuccess: async () => {
      await invalidate();
      onChanged?.();
      toast.success(`Secret of "${credential?.name}" rotated.`);
    },
  });
  const revealed = rotate.data ?? null;

  function close() {
    rotate.reset();
    setGrace("24h");
    onOpenChange(false);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (credential)
      await rotate.run({
        orgSlug,
        credentialId: credential.id,
        grace,
        currentSecretCreatedAt: credential.secretCreatedAt,
      });
  }

  return (
    <Dialog open={credential !== null} onOpenChange={(open) => (open ? onOpenChange(true) : close())}>
      {revealed ? (
        <RevealDialogContent
          title={`New secret for "${revealed.credential.name}"`}
          description={
            revealed.credential.previousSecret
              ? `The previous secret keeps working until ${formatDateTime(revealed.credential.previousSecret.validUntil)}.`
              : "The previous secret no longer works."
          }
          clientId={revealed.credential.clientId}
          clientSecret={revealed.clientSecret}
          appUrl={appUrl}
          onDone={close}
          onCloseAutoFocus={onCloseAutoFocus}
        />
      ) : credential ? (
        <FormDialogContent
          title={<>Rotate secret of &ldquo;{credential.name}&rdquo;</>}
          description="The new secret works at once. Choose how long the current secret keeps working so you can deploy the new one without downtime."
          onCloseAutoFocus={onCloseAutoFocus}
          onSubmit={onSubmit}
          error={rotate.error}
          onCancel={close}
          submitLabel="Rotate secret"
          pendingLabel="Rotating…"
          pending={rotate.pending}
          variant={grace === "now" ? "destructive" : "default"}
        >
          {credential.previousSecret ? (
            <p className="rounded-md border border-warning-border bg-warning-surface px-3 py-2 text-sm text-warning-foreground">
              A rotation is in progress: the secret before the last rotation still works until{" "}
              <span suppressHydrationWarning>{formatDateTime(credential.previousSecret.validUntil)}</span>. Rotating
              again ends that now, so at most two secrets are ever valid.
            </p>
          ) : null}
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Old secret keeps working</legend>
            {ROTATION_GRACE_OPTIONS.map((option) => (
              <label
                key={option}
                className="flex items-start gap-2 rounded-md border border-border p-2 text-sm has-checked:border-foreground"
              >
                <input
                  type="radio"
                  name="grace"
                  value={option}
                  checked={grace === option}
                  onChange={() => setGrace(option)}
                  className="mt-0.5 size-4 accent-primary"
                />
                <span className="grid gap-0.5">
                  <span className="font-medium">{ROTATION_GRACE_LABELS[option]}</span>
                  <span className="text-muted-foreground">{GRACE_EXPLANATIONS[option]}</span>
                </span>
              </label>
            ))}
          </fieldset>
        </FormDialogContent>
      ) : null}
    </Dialog>
  );
}
