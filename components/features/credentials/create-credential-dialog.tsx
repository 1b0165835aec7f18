"use client";
// "Create New API Key": name, environment, scopes, expiry; then the one-time reveal. The secret is
// only in the mutation's result, which is reset (and never garbage-collected later) when the
// dialog closes.
import { useMutation } from "@tanstack/react-query";
import { LoaderCircle, Plus } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";

import { createCredentialAction } from "@/app/(dashboard)/[orgSlug]/settings/api-credentials/actions";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { toast } from "@/components/ui/toast";
import type { Environment } from "@/lib/db/generated/enums";

import { environmentLabel } from "./credential-badges";
import { ExpiryField, expiryInput, ScopeFieldset, type ExpiryChoice } from "./credential-form-fields";
import { useInvalidateCredentials } from "./queries";
import { RevealDialogContent } from "./reveal-dialog-content";

type Errors = Partial<Record<"name" | "environment" | "scopes" | "expiry" | "_", string>>;

export const UNREACHABLE = "Couldn't reach the server. Check your connection and try again.";
const INITIAL_EXPIRY: ExpiryChoice = { preset: "never", date: "" };

export function CreateCredentialDialog({
  orgSlug,
  appUrl,
  environments,
}: {
  orgSlug: string;
  appUrl: string;
  /** The environments this member may create keys in. */
  environments: Environment[];
}) {
  const invalidate = useInvalidateCredentials(orgSlug);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [environment, setEnvironment] = useState<Environment | "">(environments.length === 1 ? environments[0]! : "");
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<ExpiryChoice>(INITIAL_EXPIRY);
  const [errors, setErrors] = useState<Errors>({});
  const formRef = useRef<HTMLFormElement>(null);
  const mutation = useMutation({ mutationFn: createCredentialAction, gcTime: 0 });
  const revealed = mutation.data?.ok ? mutation.data.data : null;

  function reset() {
    mutation.reset();
    setName("");
    setEnvironment(environments.length === 1 ? environments[0]! : "");
    setScopes([]);
    setExpiry(INITIAL_EXPIRY);
    setErrors({});
  }

  function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) reset();
  }

  function focusFirstInvalid() {
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>("[aria-invalid='true'] input, [aria-invalid='true']")?.focus(),
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: Errors = {};
    if (!name.trim()) next.name = "Enter a name.";
    if (!environment) next.environment = "Choose an environment.";
    if (scopes.length === 0) next.scopes = "Choose at least one scope.";
    const resolved = expiryInput(expiry);
    if ("error" in resolved) next.expiry = resolved.error;
    setErrors(next);
    if (Object.keys(next).length > 0 || "error" in resolved || !environment) return focusFirstInvalid();

    let result;
    try {
      result = await mutation.mutateAsync({
        orgSlug,
        name: name.trim(),
        environment,
        scopes,
        expiry: resolved.value ?? { kind: "never" },
      });
    } catch {
      setErrors({ _: UNREACHABLE });
      return;
    }
    if (result.ok) {
      await invalidate();
      toast.success(`API key "${result.data.credential.name}" created.`);
      return;
    }
    const fieldErrors = result.fieldErrors ?? {};
    setErrors({
      name: fieldErrors.name?.[0],
      environment: fieldErrors.environment?.[0],
      scopes: fieldErrors.scopes?.[0],
      expiry: fieldErrors["expiry.date"]?.[0] ?? fieldErrors.expiry?.[0],
      _: result.message,
    });
    focusFirstInvalid();
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button>
          <Plus aria-hidden="true" />
          Create New API Key
        </Button>
      </DialogTrigger>
      {revealed ? (
        <RevealDialogContent
          title={`API key "${revealed.credential.name}" created`}
          description={`${environmentLabel(revealed.credential.environment)} key. Store the Client Secret in your secrets manager or .env file.`}
          clientId={revealed.credential.clientId}
          clientSecret={revealed.clientSecret}
          appUrl={appUrl}
          onDone={() => onOpenChange(false)}
        />
      ) : (
        <DialogContent className="max-w-xl">
          <DialogHeader>
            <DialogTitle>Create New API Key</DialogTitle>
            <DialogDescription>
              Your servers exchange the key&apos;s Client ID and Client Secret for access tokens.
            </DialogDescription>
          </DialogHeader>
          <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
            <div role="alert" className="empty:hidden">
              {errors._ ? (
                <p className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900">{errors._}</p>
              ) : null}
            </div>
            <FormField label="Name" description="What uses this key, e.g. “Billing worker”." error={errors.name}>
              <Input
                name="name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
                maxLength={100}
                autoComplete="off"
                required
              />
            </FormField>
            <FormField label="Environment" description="Fixed once the key exists." error={errors.environment}>
              <select
                name="environment"
                value={environment}
                onChange={(e) => setEnvironment(e.currentTarget.value as Environment)}
                required
                className="h-10 w-full rounded-md border border-input bg-background px-3 text-base aria-invalid:border-destructive sm:text-sm"
              >
                <option value="" disabled>
                  Choose an environment
                </option>
                {environments.map((env) => (
                  <option key={env} value={env}>
                    {environmentLabel(env)}
                  </option>
                ))}
              </select>
            </FormField>
            <ScopeFieldset value={scopes} onChange={setScopes} error={errors.scopes} />
            <ExpiryField value={expiry} onChange={setExpiry} error={errors.expiry} />
            <DialogFooter>
              <Button variant="outline" onClick={() => onOpenChange(false)}>
                Cancel
              </Button>
              <Button type="submit" disabled={mutation.isPending}>
                {mutation.isPending ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
                {mutation.isPending ? "Creating…" : "Create key"}
              </Button>
            </DialogFooter>
          </form>
        </DialogContent>
      )}
    </Dialog>
  );
}
