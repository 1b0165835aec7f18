"use client";
// Without SMTP the inviter is handed the invitation link once (ML-03, IV-03): a read-only field
// with a copy button, inside a dialog that asks before closing, since the link cannot be shown
// again (only a resend mints a new one). The link lives only in this component's props.
import { useId } from "react";

import { CopyButton } from "@/components/ui/copy-button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { OneTimeDialogContent } from "@/components/ui/one-time-dialog-content";

export type ShownInvitationLink = { email: string; link: string };

const CLOSE_WARNING = {
  title: "Close without copying the link?",
  detail: "It cannot be shown again; you would have to resend the invitation to get a new one.",
};

export function InvitationLinkDialog({
  shown,
  onClose,
  onCloseAutoFocus,
}: {
  shown: ShownInvitationLink | null;
  onClose: () => void;
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const id = useId();
  return (
    <Dialog open={shown !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      {shown ? (
        <OneTimeDialogContent
          className="max-w-xl"
          title="Copy the invitation link"
          description={
            <>
              This portal sends no mail, so send this link to <strong className="break-all">{shown.email}</strong>{" "}
              yourself. It works once and expires in 7 days.
            </>
          }
          closeWarning={CLOSE_WARNING}
          doneLabel="Done, I've copied it"
          onDone={onClose}
          onCloseAutoFocus={onCloseAutoFocus}
        >
          <div className="grid gap-2">
            <Label htmlFor={`${id}-link`}>Invitation link</Label>
            <div className="flex items-center gap-2">
              <Input
                id={`${id}-link`}
                readOnly
                value={shown.link}
                className="font-mono"
                autoComplete="off"
                spellCheck={false}
                data-secret
                onFocus={(event) => event.currentTarget.select()}
              />
              <CopyButton value={shown.link} label="invitation link" targetId={`${id}-link`} />
            </div>
            <p className="text-sm text-muted-foreground">
              Anyone with the link can join as the invited person until it is used, so send it only to them.
            </p>
          </div>
        </OneTimeDialogContent>
      ) : null}
    </Dialog>
  );
}
