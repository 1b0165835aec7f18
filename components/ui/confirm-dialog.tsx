"use client";
// A plain confirmation on the AlertDialog primitives: focus starts on Cancel, and neither Esc nor
// an overlay click confirms. Controlled (`open`/`onOpenChange`) or opened by `trigger`.
import type { ReactNode } from "react";

import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "./alert-dialog";
import { FormError } from "./form-error";
import { PendingButton } from "./pending-button";

export type ConfirmDialogProps = {
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Radix's close auto-focus event: without a `trigger`, put focus back where it came from. */
  onCloseAutoFocus?: (event: Event) => void;
  /** The element that opens the dialog, e.g. a Button. */
  trigger?: ReactNode;
  title: ReactNode;
  description: ReactNode;
  /** Between the description and the buttons, e.g. a type-to-confirm field. */
  children?: ReactNode;
  confirmLabel: ReactNode;
  /** Shown with a spinner on the confirm button while `pending`; without it the label stays. */
  pendingLabel?: ReactNode;
  /** Disables both buttons while the action runs (the dialog stays open). */
  pending?: boolean;
  variant?: "default" | "destructive";
  canConfirm?: boolean;
  /** Close the dialog as soon as Confirm is pressed; the caller shows the outcome elsewhere. */
  closeOnConfirm?: boolean;
  onConfirm: () => void;
  /** Shown above the buttons; the live region is rendered only when this prop is passed. */
  error?: string | null;
};

export function ConfirmDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
  trigger,
  title,
  description,
  children,
  confirmLabel,
  pendingLabel,
  pending = false,
  variant = "destructive",
  canConfirm = true,
  closeOnConfirm = false,
  onConfirm,
  error,
}: ConfirmDialogProps) {
  return (
    <AlertDialog open={open} onOpenChange={onOpenChange}>
      {trigger ? <AlertDialogTrigger asChild>{trigger}</AlertDialogTrigger> : null}
      <AlertDialogContent onCloseAutoFocus={onCloseAutoFocus}>
        <AlertDialogHeader>
          <AlertDialogTitle>{title}</AlertDialogTitle>
          <AlertDialogDescription>{description}</AlertDialogDescription>
        </AlertDialogHeader>
        {children}
        {error !== undefined ? <FormError error={error} /> : null}
        <AlertDialogFooter>
          <AlertDialogCancel disabled={pending}>Cancel</AlertDialogCancel>
          {closeOnConfirm ? (
            <AlertDialogAction variant={variant} disabled={!canConfirm} onClick={onConfirm}>
              {confirmLabel}
            </AlertDialogAction>
          ) : (
            <PendingButton
              variant={variant}
              pending={pending && pendingLabel !== undefined}
              pendingLabel={pendingLabel}
              disabled={pending || !canConfirm}
              onClick={onConfirm}
            >
              {confirmLabel}
            </PendingButton>
          )}
        </AlertDialogFooter>
      </AlertDialogContent>
    </AlertDialog>
  );
}
