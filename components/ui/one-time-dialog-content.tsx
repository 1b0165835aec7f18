"use client";
// A dialog step that shows something only once (a key's secret, an invitation link): closing needs
// intent. The done button closes; Esc or a click outside asks first, with `closeWarning` saying
// what is lost, because what it shows cannot be shown again.
import { useEffect, useRef, useState, type ReactNode } from "react";

import { Button } from "./button";
import { DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "./dialog";

export type OneTimeDialogContentProps = {
  title: string;
  description: ReactNode;
  /** Bold first sentence and the rest of the warning shown when closing without the done button. */
  closeWarning: { title: string; detail: string };
  doneLabel: string;
  onDone: () => void;
  onCloseAutoFocus?: (event: Event) => void;
  className?: string;
  children: ReactNode;
};

export function OneTimeDialogContent({
  title,
  description,
  closeWarning,
  doneLabel,
  onDone,
  onCloseAutoFocus,
  className = "max-w-2xl",
  children,
}: OneTimeDialogContentProps) {
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
      className={className}
      onEscapeKeyDown={askFirst}
      onPointerDownOutside={askFirst}
      onInteractOutside={(event) => event.preventDefault()}
      onCloseAutoFocus={onCloseAutoFocus}
    >
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      {children}
      {isConfirmingClose ? (
        <div
          role="alert"
          className="grid gap-3 rounded-md border border-danger-border bg-danger-surface p-3 text-sm text-danger-foreground"
        >
          <p>
            <strong className="font-semibold">{closeWarning.title}</strong> {closeWarning.detail}
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
          <Button onClick={onDone}>{doneLabel}</Button>
        </DialogFooter>
      )}
    </DialogContent>
  );
}
