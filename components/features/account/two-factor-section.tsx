"use client";
// Settings > Account > Security: two-factor authentication with an authenticator app (TF-01..TF-03).
// Off: "Set up" opens a dialog with the QR code (made on the server, no request leaves the
// machine) and the key to type instead, then asks for the first code; on success the ten recovery
// codes are shown once, to copy or download. On: how many recovery codes are left, new ones (the
// old stop working) and Turn off, both after a confirmation and in sudo mode.
import { Download, ShieldCheck } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";

import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { OneTimeDialogContent } from "@/components/ui/one-time-dialog-content";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import {
  confirmTotpSetupAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTotpSetupAction,
} from "@/lib/actions/account";
import type { TwoFactorStatus } from "@/lib/two-factor/two-factor";

type Setup = { secret: string; qrDataUrl: string };

const CODES_WARNING = {
  title: "Close without saving the recovery codes?",
  detail: "They cannot be shown again. Without them, losing your phone locks you out of this account.",
};

function RecoveryCodesDialog({ codes, onDone }: { codes: string[] | null; onDone: () => void }) {
  const id = useId();
  const text = codes?.join("\n") ?? "";
  const download = () => {
    const url = URL.createObjectURL(new Blob([`WorkFlux recovery codes\n\n${text}\n`], { type: "text/plain" }));
    const link = Object.assign(document.createElement("a"), { href: url, download: "workflux-recovery-codes.txt" });
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Dialog open={codes !== null} onOpenChange={(open) => (open ? undefined : onDone())}>
      {codes ? (
        <OneTimeDialogContent
          className="max-w-lg"
          title="Save your recovery codes"
          description="If you lose your authenticator app, each of these codes signs you in once. Keep them somewhere safe, like a password manager."
          closeWarning={CODES_WARNING}
          doneLabel="Done, I've saved them"
          onDone={onDone}
        >
          <pre
            id={`${id}-codes`}
            data-secret
            aria-label="Recovery codes"
            className="grid grid-cols-2 gap-x-6 gap-y-1 rounded-md border border-border bg-muted p-3 font-mono text-sm"
          >
            {codes.map((code) => (
              <span key={code}>{code}</span>
            ))}
          </pre>
          <div className="flex flex-wrap gap-2">
            <CopyButton value={text} label="recovery codes" targetId={`${id}-codes`} variant="outline">
              Copy
            </CopyButton>
            <Button variant="outline" onClick={download}>
              <Download aria-hidden="true" />
              Download
            </Button>
          </div>
        </OneTimeDialogContent>
      ) : null}
    </Dialog>
  );
}

function SetupDialog({
  open,
  onOpenChange,
  onEnabled,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onEnabled: (codes: string[]) => void;
}) {
  const [setup, setSetup] = useState<Setup | null>(null);
  const start = useActionMutation(startTotpSetupAction, { gcTime: 0, onSuccess: (data) => setSetup(data) });
  const confirm = useActionMutation(confirmTotpSetupAction, {
    gcTime: 0,
    onSuccess: (data) => {
      close();
      onEnabled(data.recoveryCodes);
    },
  });

  function close() {
    onOpenChange(false);
    setSetup(null);
    start.reset();
    confirm.reset();
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    if (!setup) return void start.run({});
    void confirm.run({ code: String(form.get("code") ?? "") });
  }

  return (
    <Dialog open={open} onOpenChange={(next) => (next ? onOpenChange(true) : close())}>
      <FormDialogContent
        className="max-w-lg"
        title="Set up two-factor authentication"
        description={
          setup
            ? "Scan the QR code with your authenticator app (1Password, Google Authenticator, Authy…), then enter the code it shows."
            : "You will need an authenticator app on your phone or in your password manager."
        }
        onSubmit={onSubmit}
        error={setup ? (confirm.fieldError("code") ? null : confirm.error) : start.error}
        onCancel={close}
        submitLabel={setup ? "Turn on" : "Continue"}
        pendingLabel={setup ? "Checking…" : "Preparing…"}
        pending={start.pending || confirm.pending}
      >
        {setup ? (
          <div className="grid gap-4">
            {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL made on the server, nothing to optimise */}
            <img
              src={setup.qrDataUrl}
              width={200}
              height={200}
              alt="QR code for your authenticator app"
              className="justify-self-center rounded-md border border-border bg-white p-2"
            />
            <div className="grid gap-1 text-sm">
              <p className="text-muted-foreground">Can&apos;t scan it? Enter this key in the app instead:</p>
              <div className="flex items-center gap-2">
                <code id="totp-key" data-secret className="rounded bg-muted px-2 py-1 font-mono break-all">
                  {setup.secret}
                </code>
                <CopyButton value={setup.secret} label="setup key" targetId="totp-key" size="sm" />
              </div>
            </div>
            <FormField label="Code from the app" error={confirm.fieldError("code")}>
              <Input
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={7}
                required
                autoFocus
                onChange={() => confirm.clearFieldError("code")}
              />
            </FormField>
          </div>
        ) : (
          <p className="text-sm">
            Each sign-in will ask for the code your app shows, after your password. You will get ten recovery codes for
            when the app is not at hand.
          </p>
        )}
      </FormDialogContent>
    </Dialog>
  );
}

export function TwoFactorSection({ status }: { status: TwoFactorStatus }) {
  const router = useRouter();
  const [settingUp, setSettingUp] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [confirming, setConfirming] = useState<"disable" | "regenerate" | null>(null);
  const disable = useActionMutation(disableTwoFactorAction, {
    onSuccess: () => {
      setConfirming(null);
      toast.success("Two-factor authentication is off.");
      router.refresh();
    },
    onError: (message) => toast.error(message),
  });
  const regenerate = useActionMutation(regenerateRecoveryCodesAction, {
    gcTime: 0,
    onSuccess: (data) => {
      setConfirming(null);
      setCodes(data.recoveryCodes);
    },
    onError: (message) => toast.error(message),
  });

  return (
    <div className="grid gap-3">
      {status.totp ? (
        <div className="grid gap-3 rounded-lg border border-border p-4">
          <p className="flex items-center gap-2 text-sm font-medium">
            <ShieldCheck aria-hidden="true" className="size-4" />
            Authenticator app
            <Badge variant="success">On</Badge>
          </p>
          <p className="text-sm text-muted-foreground">
            {status.recoveryCodesLeft === 1 ? "1 recovery code" : `${status.recoveryCodesLeft} recovery codes`} left.
            {status.recoveryCodesLeft <= 3 ? " Make new ones before you run out." : ""}
          </p>
          <div className="flex flex-wrap gap-2">
            <Button variant="outline" onClick={() => setConfirming("regenerate")}>
              New recovery codes
            </Button>
            <Button variant="outline" onClick={() => setConfirming("disable")}>
              Turn off
            </Button>
          </div>
        </div>
      ) : (
        <div className="grid gap-3 rounded-lg border border-border p-4">
          <p className="flex items-center gap-2 text-sm font-medium">
            Authenticator app <Badge variant="muted">Off</Badge>
          </p>
          <p className="text-sm text-muted-foreground">
            Anyone who learns your password could mint production credentials. A second step at sign-in stops them.
          </p>
          <Button className="justify-self-start" onClick={() => setSettingUp(true)}>
            Set up authenticator app
          </Button>
        </div>
      )}
      <SetupDialog
        open={settingUp}
        onOpenChange={setSettingUp}
        onEnabled={(recoveryCodes) => {
          setCodes(recoveryCodes);
          router.refresh();
        }}
      />
      <RecoveryCodesDialog
        codes={codes}
        onDone={() => {
          setCodes(null);
          router.refresh();
        }}
      />
      <ConfirmDialog
        open={confirming !== null}
        onOpenChange={(open) => (open ? undefined : setConfirming(null))}
        title={confirming === "disable" ? "Turn off two-factor authentication?" : "Make new recovery codes?"}
        description={
          confirming === "disable"
            ? "Signing in will need only your password. Your recovery codes stop working."
            : "Your current recovery codes stop working at once."
        }
        confirmLabel={confirming === "disable" ? "Turn off" : "Make new codes"}
        pendingLabel={confirming === "disable" ? "Turning off…" : "Making…"}
        variant={confirming === "disable" ? "destructive" : "default"}
        pending={disable.pending || regenerate.pending}
        onConfirm={() => void (confirming === "disable" ? disable.run({}) : regenerate.run({}))}
      />
    </div>
  );
}
