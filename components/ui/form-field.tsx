"use client";

import { Slot } from "radix-ui";
import { useId, type ReactElement, type ReactNode } from "react";

import { cn } from "./cn";
import { Label } from "./label";

export type FormFieldProps = {
  /** Visible label text; it becomes the control's accessible name. */
  label: ReactNode;
  /**
   * Exactly one form control (Input, select, textarea, …). It receives id, aria-invalid and
   * aria-describedby, so don't set those on it; use `id` and `description` here instead.
   */
  children: ReactElement;
  /** Id for the control; generated when omitted. */
  id?: string;
  /** Help text under the label, linked with aria-describedby. */
  description?: ReactNode;
  /** Error message; when set the control is marked aria-invalid and the message is linked to it. */
  error?: string | null;
  className?: string;
};

/**
 * Label + control + help text + error, with the accessibility wiring done once:
 * `<FormField label="Name" error={errors.name}><Input name="name" required /></FormField>`.
 * On a failed submit, move focus to the first invalid control so its error is read out.
 */
export function FormField({ label, children, id, description, error, className }: FormFieldProps) {
  const generatedId = useId();
  const controlId = id ?? generatedId;
  const descriptionId = `${controlId}-description`;
  const errorId = `${controlId}-error`;
  const hasError = Boolean(error);
  const describedBy = [description ? descriptionId : null, hasError ? errorId : null].filter(Boolean).join(" ");

  return (
    <div className={cn("grid gap-2", className)}>
      <Label htmlFor={controlId}>{label}</Label>
      {description ? (
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      <Slot.Root id={controlId} aria-invalid={hasError || undefined} aria-describedby={describedBy || undefined}>
        {children}
      </Slot.Root>
      {hasError ? (
        <p id={errorId} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
