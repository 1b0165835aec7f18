"use client";
// "Create New API Key": name, environment, scopes, expiry; then the one-time reveal. The secret is
// only in the mutation's result, which is reset (and never garbage-collected later) when the
// dialog closes.
import { Plus } from "lucide-react";
import { useRef, useState, type FormEvent } from "react";

import { createCredentialAction } from "@/lib/actions/credentials";
import { Button } from "@/components/ui/button";
import { Dialog, DialogTrigger } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { FormField } from "@/components/ui/form-field";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { Select } from "@/components/ui/select";
import type { Environment } from "@/lib/db/generated/enums";

import { environmentLabel } from "./credential-badges";
import {
  CredentialNameField,
  ExpiryField,
  expiryInput,
  ScopeFieldset,
  type ExpiryChoice,
} from "./credential-form-fields";
import { useInvalidateCredentials } from "./queries";
import { RevealDialogContent } from "./reveal-dialog-content";

type Errors = Partial<Record<"name" | "environment" | "scopes" | "expiry", string>>;

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
  const create = useActionMutation(createCredentialAction, {
    gcTime: 0,
    onSuccess: async (data) => {
      await invalidate();
      toast.success(`API key "${data.credential.name}" created.`);
    },
  });
  const revealed = create.data ?? null;

  function reset() {
    create.reset();
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

  /** A field's message is about the value it had: editing the field takes it away (client and server). */
  function edited<T>(field: keyof Errors, set: (value: T) => void, ...serverNames: string[]) {
    return (value: T) => {
      set(value);
      setErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
      create.clearFieldError(field, ...serverNames);
    };
  }

  function focusFirstInvalid() {
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLElement>("[aria-invalid='true'] input, [aria-invalid='true']")?.focus(),
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.reset();
    const next: Errors = {};
    if (!name.trim()) next.name = "Enter a name.";
    if (!environment) next.environment = "Choose an environment.";
    if (scopes.length === 0) next.scopes = "Choose at least one scope.";
    const resolved = expiryInput(expiry);
    if ("error" in resolved) next.expiry = resolved.error;
    setErrors(next);
    if (Object.keys(next).length > 0 || "error" in resolved || !environment) return focusFirstInvalid();

    const created = await create.run({
      orgSlug,
      name: name.trim(),
      environment,
      scopes,
      expiry: resolved.value ?? { kind: "never" },
    });
    if (!created) focusFirstInvalid();
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
        <FormDialogContent
          className="max-w-xl"
          title="Create New API Key"
          description="Your servers exchange the key's Client ID and Client Secret for access tokens."
          formRef={formRef}
          onSubmit={onSubmit}
          error={create.error}
          onCancel={() => onOpenChange(false)}
          submitLabel="Create key"
          pendingLabel="Creating…"
          pending={create.pending}
        >
          <CredentialNameField
            name="name"
            description="What uses this key, e.g. “Billing worker”."
            value={name}
            onChange={edited("name", setName)}
            error={errors.name ?? create.fieldError("name")}
          />
          <FormField
            label="Environment"
            description="Fixed once the key exists."
            error={errors.environment ?? create.fieldError("environment")}
          >
            <Select
              name="environment"
              value={environment}
              onValueChange={edited("environment", setEnvironment)}
              required
              className="w-full"
              placeholder="Choose an environment"
              options={environments}
              optionLabel={environmentLabel}
            />
          </FormField>
          <ScopeFieldset
            value={scopes}
            onChange={edited("scopes", setScopes)}
            error={errors.scopes ?? create.fieldError("scopes")}
          />
          <ExpiryField
            value={expiry}
            onChange={edited("expiry", setExpiry, "expiry.date")}
            error={errors.expiry ?? create.fieldError("expiry.date", "expiry")}
          />
        </FormDialogContent>
      )}
    </Dialog>
  );
}
