"use client";
// Form pieces shared by the create and edit dialogs: the name, the scope checklist (the guide's
// five, with `admin` set apart) and the expiry choice (none, 30/60/90 days, a custom date).
import { TriangleAlert } from "lucide-react";
import { useId } from "react";

import { cn } from "@/components/ui/cn";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import type { CredentialExpiry } from "@/lib/credentials/schemas";
import { CREDENTIAL_SCOPES } from "@/lib/credentials/scopes";

export function CredentialNameField({
  value,
  onChange,
  error,
  description,
  name,
}: {
  value: string;
  onChange: (next: string) => void;
  error?: string | null;
  description?: string;
  /** The input's `name` attribute. */
  name?: string;
}) {
  return (
    <FormField label="Name" description={description} error={error}>
      <Input
        name={name}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        maxLength={100}
        autoComplete="off"
        required
      />
    </FormField>
  );
}

export function ScopeFieldset({
  value,
  onChange,
  error,
}: {
  value: string[];
  onChange: (next: string[]) => void;
  error?: string | null;
}) {
  const id = useId();
  const toggle = (scope: string, checked: boolean) =>
    onChange(checked ? [...value, scope] : value.filter((existing) => existing !== scope));
  const regular = CREDENTIAL_SCOPES.filter((entry) => entry.scope !== "admin");
  const admin = CREDENTIAL_SCOPES.find((entry) => entry.scope === "admin")!;

  return (
    <fieldset
      className="grid gap-2"
      aria-describedby={error ? `${id}-error` : undefined}
      aria-invalid={error ? true : undefined}
    >
      <legend className="mb-1 text-sm font-medium">Scopes</legend>
      {regular.map((entry) => (
        <ScopeCheckbox key={entry.scope} {...entry} checked={value.includes(entry.scope)} onChange={toggle} />
      ))}
      <div className="mt-1 rounded-md border border-danger-border bg-danger-surface/60 p-2">
        <ScopeCheckbox {...admin} checked={value.includes(admin.scope)} onChange={toggle} />
        <p className="mt-1 flex gap-1.5 pl-6 text-xs text-danger-foreground">
          <TriangleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
          Grants everything, including every other scope. Prefer the narrowest scopes that work.
        </p>
      </div>
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function ScopeCheckbox({
  scope,
  description,
  checked,
  onChange,
}: {
  scope: string;
  description: string;
  checked: boolean;
  onChange: (scope: string, checked: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        type="checkbox"
        name="scopes"
        value={scope}
        checked={checked}
        onChange={(event) => onChange(scope, event.currentTarget.checked)}
        aria-describedby={`${id}-description`}
        className="mt-0.5 size-4 accent-primary"
      />
      <label htmlFor={id} className="grid gap-0.5 text-sm">
        <span className="font-mono font-medium">{scope}</span>
        <span id={`${id}-description`} className="text-muted-foreground">
          {description}
        </span>
      </label>
    </div>
  );
}

export type ExpiryChoice = { preset: "keep" | "never" | "30" | "60" | "90" | "custom"; date: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/** The end of the chosen local day, so "expires on March 3" works all of March 3. */
function customDateInstant(date: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const at = new Date(`${date}T23:59:59`);
  return Number.isNaN(at.getTime()) ? null : at;
}

function expiresWithinADay(instant: Date): boolean {
  const remainingMs = instant.getTime() - Date.now();
  return remainingMs > 0 && remainingMs < DAY_MS;
}

/** What the action receives; undefined keeps the current expiry (edit only). */
export function expiryInput(choice: ExpiryChoice): { value: CredentialExpiry | undefined } | { error: string } {
  switch (choice.preset) {
    case "keep":
      return { value: undefined };
    case "never":
      return { value: { kind: "never" } };
    case "30":
    case "60":
    case "90":
      return { value: { kind: "days", days: Number(choice.preset) as 30 | 60 | 90 } };
    case "custom": {
      const at = customDateInstant(choice.date);
      if (!at) return { error: "Enter a date." };
      if (at.getTime() <= Date.now()) return { error: "Choose a date in the future." };
      return { value: { kind: "date", date: at.toISOString() } };
    }
  }
}

export function ExpiryField({
  value,
  onChange,
  error,
  allowKeep = false,
  currentExpiry,
}: {
  value: ExpiryChoice;
  onChange: (next: ExpiryChoice) => void;
  error?: string | null;
  allowKeep?: boolean;
  currentExpiry?: string;
}) {
  const id = useId();
  const instant = value.preset === "custom" ? customDateInstant(value.date) : null;
  const isUnderADay = instant !== null && expiresWithinADay(instant);
  const today = new Date();
  const minDate = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  const selectClass = cn(
    "h-10 w-full rounded-md border border-input bg-background px-3 text-base sm:text-sm",
    "aria-invalid:border-destructive",
  );

  return (
    <div className="grid gap-2">
      <label htmlFor={`${id}-preset`} className="text-sm font-medium">
        Expiry
      </label>
      <select
        id={`${id}-preset`}
        value={value.preset}
        onChange={(event) => onChange({ ...value, preset: event.currentTarget.value as ExpiryChoice["preset"] })}
        className={selectClass}
        aria-invalid={error && value.preset !== "custom" ? true : undefined}
        aria-describedby={error && value.preset !== "custom" ? `${id}-error` : undefined}
      >
        {allowKeep ? <option value="keep">Keep current ({currentExpiry ?? "no expiry"})</option> : null}
        <option value="never">No expiry</option>
        <option value="30">30 days</option>
        <option value="60">60 days</option>
        <option value="90">90 days</option>
        <option value="custom">Custom date…</option>
      </select>
      {value.preset === "custom" ? (
        <div className="grid gap-2">
          <label htmlFor={`${id}-date`} className="text-sm font-medium">
            Expires at the end of
          </label>
          <input
            id={`${id}-date`}
            type="date"
            min={minDate}
            value={value.date}
            onChange={(event) => onChange({ ...value, date: event.currentTarget.value })}
            className={selectClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={
              [error ? `${id}-error` : null, isUnderADay ? `${id}-warning` : null].filter(Boolean).join(" ") ||
              undefined
            }
          />
        </div>
      ) : null}
      {isUnderADay ? (
        <p id={`${id}-warning`} className="text-sm text-warning-foreground">
          This key will stop working in less than a day.
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}
