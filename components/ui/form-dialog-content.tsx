"use client";
// The body of a form dialog: title and description, the form with its error at the top, and a
// footer with Cancel and a submit button that shows a spinner while the action runs; the footer
// stays in view when the fields are taller than the screen. The caller
// renders it inside its own <Dialog> and owns the fields and the submit handler.
import type { FormEvent, ReactNode, Ref } from "react";

import { Button, type ButtonProps } from "./button";
import { DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "./dialog";
import { FormError } from "./form-error";
import { PendingButton } from "./pending-button";

export function FormDialogContent({
  title,
  description,
  className,
  onCloseAutoFocus,
  formRef,
  onSubmit,
  error,
  onCancel,
  submitLabel,
  pendingLabel,
  pending,
  variant,
  children,
}: {
  title: ReactNode;
  description: ReactNode;
  className?: string;
  /** Where focus goes on close, for a dialog opened without a DialogTrigger (Radix's event). */
  onCloseAutoFocus?: (event: Event) => void;
  formRef?: Ref<HTMLFormElement>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  error: string | null | undefined;
  onCancel: () => void;
  submitLabel: ReactNode;
  pendingLabel: ReactNode;
  pending: boolean;
  variant?: ButtonProps["variant"];
  children: ReactNode;
}) {
  return (
    <DialogContent className={className} onCloseAutoFocus={onCloseAutoFocus}>
      <DialogHeader>
        <DialogTitle>{title}</DialogTitle>
        <DialogDescription>{description}</DialogDescription>
      </DialogHeader>
      <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
        <FormError error={error} />
        {children}
        <DialogFooter sticky>
          <Button variant="outline" onClick={onCancel}>
            Cancel
          </Button>
          <PendingButton type="submit" variant={variant} pending={pending} pendingLabel={pendingLabel}>
            {submitLabel}
          </PendingButton>
        </DialogFooter>
      </form>
    </DialogContent>
  );
}
