"use client";
// The reveal step inside a dialog: closing needs intent. "Done, I've saved it" closes; Esc or a
// click outside asks first ("Close without saving?"), because the secret cannot be shown again.
import { useEffect, useRef, useState } from "react";

import { Button } from "@/components/ui/button";
import { DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";

import { SecretReveal } from "./secret-reveal";

export type RevealDialogContentProps = {
  title: string;
  description: string;
  clientId: string;
  clientSecret: string;
  appUrl: string;
  onDone: () => void;
  onCloseAutoFocus?: (event: Event) => void;
};

export function RevealDialogContent({
  title,
  description,
  clientId,
  clientSecret,
  appUrl,
  onDone,
  onCloseAutoFocus,
}: RevealDialogContentProps) {
  const [isConfirmingClose, setIsConfirmingClose] = useState(false);
  const keepOpenRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (isConfirmingClose) keepOpenRef.current?.focus();
  }, [isConfirmingClose]);

  const askFirst = (event: Event) => {
    event.preventDefault();
    setIsConfirmingClose(true);
  };

  return (
    <DialogContent
      showCloseButton={false}
      className="max-w-2xl"
      onEscapeKeyDown={askFirst}
      onPointerDownOutside={askFirst}
      onInteractOutside={(event) => event.preventDefault()}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <SecretReveal clientId={clientId} clientSecret={clientSecret} appUrl={appUrl} />
      {isConfirmingClose ? (
        <div
          role="alert"
          className="grid gap-3 rounded-md border border-danger-border bg-danger-surface p-3 text-sm text-danger-foreground"
        >
          <p>
            <strong className="font-semibold">Close without saving the secret?</strong> It cannot be shown again; you
            would have to rotate the key to get a new one.
          </p>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button ref={keepOpenRef} variant="outline" onClick={() => setIsConfirmingClose(false)}>
              Keep it open
            </Button>
            <Button variant="destructive" onClick={onDone}>
              Close anyway
            </Button>
          </div>
        </div>
      ) : (
        <DialogFooter sticky>
          <Button onClick={onDone}>Done, I&apos;ve saved it</Button>
        </DialogFooter>
      )}
    </DialogContent>
  );
}
