"use client";
// Settings > General (OR-04, OR-05): the organization's name (owners and admins rename it), its
// URL (owners change it; the old URL stops working at once) and, for owners, the danger zone:
// deleting the organization after typing its name. Everyone else sees the values read-only. The
// server re-checks every rule.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { FormError } from "@/components/ui/form-error";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { PendingButton } from "@/components/ui/pending-button";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import {
  changeOrganizationSlugAction,
  deleteOrganizationAction,
  renameOrganizationAction,
  setTwoFactorRequirementAction,
} from "@/lib/actions/organizations";
import { MAX_ORG_NAME_LENGTH, MAX_SLUG_LENGTH, slugProblem } from "@/lib/orgs/organization-schemas";

export type GeneralSettingsViewProps = {
  orgSlug: string;
  orgName: string;
  canRename: boolean;
  canChangeSlug: boolean;
  canDelete: boolean;
  twoFactor: { required: boolean; membersWithout: number; canChange: boolean; ownEnabled: boolean };
};

export function GeneralSettingsView({
  orgSlug,
  orgName,
  canRename,
  canChangeSlug,
  canDelete,
  twoFactor,
}: GeneralSettingsViewProps) {
  return (
    <div className="grid max-w-2xl gap-8">
      <header className="grid gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">General</h1>
        <p className="max-w-prose text-sm text-muted-foreground">
          {canRename
            ? "The organization's name and URL."
            : "The organization's name and URL. Owners and admins can rename it; only owners change its URL or delete it."}
        </p>
      </header>
      <RenameSection key={`name-${orgName}`} orgSlug={orgSlug} orgName={orgName} canRename={canRename} />
      <SlugSection key={`slug-${orgSlug}`} orgSlug={orgSlug} canChangeSlug={canChangeSlug} />
      <TwoFactorSection orgSlug={orgSlug} {...twoFactor} />
      {canDelete ? <DangerZone orgSlug={orgSlug} orgName={orgName} /> : null}
    </div>
  );
}

function Section({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={id} className="grid gap-3 rounded-lg border border-border p-4">
      <h2 id={id} className="text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

function RenameSection({ orgSlug, orgName, canRename }: { orgSlug: string; orgName: string; canRename: boolean }) {
  const router = useRouter();
  const [name, setName] = useState(orgName);
  const [error, setError] = useState<string | null>(null);
  const rename = useActionMutation(renameOrganizationAction, {
    onSuccess: (org) => {
      toast.success(`The organization is now called "${org.name}".`);
      router.refresh();
    },
  });

  if (!canRename)
    return (
      <Section title="Organization name" id="org-name-heading">
        <p className="text-sm">{orgName}</p>
      </Section>
    );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (name.trim() === "") return setError("Enter a name.");
    void rename.run({ orgSlug, name });
  }

  const fieldError = error ?? rename.fieldError("name");
  return (
    <Section title="Organization name" id="org-name-heading">
      <form onSubmit={submit} noValidate className="grid gap-3" aria-labelledby="org-name-heading">
        {fieldError ? null : <FormError error={rename.error} />}
        <FormField label="Name" description="Shown in the header and the organization switcher." error={fieldError}>
          <Input
            name="name"
            value={name}
            maxLength={MAX_ORG_NAME_LENGTH}
            autoComplete="organization"
            onChange={(e) => {
              setName(e.currentTarget.value);
              setError(null);
              rename.clearFieldError("name");
            }}
          />
        </FormField>
        <div>
          <PendingButton
            type="submit"
            pending={rename.pending}
            pendingLabel="Saving…"
            disabled={name.trim() === orgName}
          >
            Save name
          </PendingButton>
        </div>
      </form>
    </Section>
  );
}

function SlugSection({ orgSlug, canChangeSlug }: { orgSlug: string; canChangeSlug: boolean }) {
  const router = useRouter();
  const [slug, setSlug] = useState(orgSlug);
  const [error, setError] = useState<string | null>(null);
  const change = useActionMutation(changeOrganizationSlugAction, {
    onSuccess: (org) => {
      toast.success(`The organization's URL is now /${org.slug}.`);
      router.replace(`/${encodeURIComponent(org.slug)}/settings/general`);
      router.refresh();
    },
  });

  if (!canChangeSlug)
    return (
      <Section title="URL" id="org-slug-heading">
        <p className="font-mono text-sm">/{orgSlug}</p>
      </Section>
    );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = slugProblem(slug);
    if (problem) return setError(problem);
    void change.run({ orgSlug, slug });
  }

  const fieldError = error ?? change.fieldError("slug");
  return (
    <Section title="URL" id="org-slug-heading">
      <form onSubmit={submit} noValidate className="grid gap-3" aria-labelledby="org-slug-heading">
        {fieldError ? null : <FormError error={change.error} />}
        <FormField
          label="Slug"
          description={
            <>
              Old links stop working: after the change, anything pointing at{" "}
              <span className="font-mono text-foreground">/{orgSlug}</span> answers &ldquo;not found&rdquo;, and someone
              else may take that URL. API keys and tokens are not affected.
            </>
          }
          error={fieldError}
        >
          <Input
            name="slug"
            value={slug}
            maxLength={MAX_SLUG_LENGTH}
            autoComplete="off"
            spellCheck={false}
            className="font-mono"
            onChange={(e) => {
              setSlug(e.currentTarget.value.toLowerCase());
              setError(null);
              change.clearFieldError("slug");
            }}
          />
        </FormField>
        <div>
          <PendingButton type="submit" pending={change.pending} pendingLabel="Saving…" disabled={slug === orgSlug}>
            Change URL
          </PendingButton>
        </div>
      </form>
    </Section>
  );
}

function DangerZone({ orgSlug, orgName }: { orgSlug: string; orgName: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const remove = useActionMutation(deleteOrganizationAction, {
    onSuccess: (result) => {
      setOpen(false);
      toast.success(
        `"${result.name}" was deleted; ${result.keysRevoked} API ${result.keysRevoked === 1 ? "key was" : "keys were"} revoked.`,
      );
      router.replace("/");
      router.refresh();
    },
  });

  const onOpenChange = (next: boolean) => {
    setOpen(next);
    if (!next) {
      setTyped("");
      remove.reset();
    }
  };

  return (
    <section aria-labelledby="danger-zone-heading" className="grid gap-3 rounded-lg border border-destructive/60 p-4">
      <h2 id="danger-zone-heading" className="text-base font-semibold text-destructive">
        Danger zone
      </h2>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-prose text-sm text-muted-foreground">
          Deleting the organization revokes every API key at once, removes every member and cannot be undone.
        </p>
        <Button variant="destructive" onClick={() => setOpen(true)}>
          Delete organization
        </Button>
      </div>
      <ConfirmDialog
        open={open}
        onOpenChange={onOpenChange}
        title={<>Delete {orgName}?</>}
        description={
          <>
            Every API key of the organization is revoked immediately: tokens already issued stop working on their next
            request. Every member loses access, its agents and integrations are deleted, and this cannot be undone.
          </>
        }
        confirmLabel="Delete organization"
        pendingLabel="Deleting…"
        pending={remove.pending}
        canConfirm={typed === orgName}
        onConfirm={() => void remove.run({ orgSlug, confirmName: typed })}
        error={remove.fieldError("confirmName") ? null : remove.error}
      >
        <FormField
          label={
            <>
              Type <span className="font-mono font-semibold">{orgName}</span> to confirm
            </>
          }
          error={remove.fieldError("confirmName")}
        >
          <Input
            name="confirmName"
            value={typed}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => {
              setTyped(e.currentTarget.value);
              remove.clearFieldError("confirmName");
            }}
          />
        </FormField>
      </ConfirmDialog>
    </section>
  );
}

/** Owners require two-factor for every member (TF-05); everyone sees whether it is required. */
function TwoFactorSection({
  orgSlug,
  required,
  membersWithout,
  canChange,
  ownEnabled,
}: { orgSlug: string } & GeneralSettingsViewProps["twoFactor"]) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const change = useActionMutation(setTwoFactorRequirementAction, {
    onSuccess: (data) => {
      setConfirming(false);
      toast.success(data.required ? "Two-factor is now required for every member." : "Two-factor is now optional.");
      router.refresh();
    },
    onError: () => setConfirming(false),
  });
  const without =
    membersWithout === 0
      ? "Every member has it on."
      : `${membersWithout} ${membersWithout === 1 ? "member has" : "members have"} not turned it on yet.`;
  return (
    <Section title="Two-factor authentication" id="two-factor-heading">
      <p className="text-sm text-muted-foreground">
        {required
          ? `Required: members without it can open only their account settings until they set it up. ${without}`
          : `Optional. ${without} Requiring it sends those members to set it up before they can open anything else.`}
      </p>
      <FormError error={change.error} />
      {canChange ? (
        <div>
          <Button
            variant="outline"
            disabled={change.pending || (!required && !ownEnabled)}
            aria-describedby={!required && !ownEnabled ? "own-two-factor-note" : undefined}
            onClick={() => setConfirming(true)}
          >
            {required ? "Stop requiring two-factor" : "Require two-factor for every member"}
          </Button>
          {!required && !ownEnabled ? (
            <p id="own-two-factor-note" className="mt-2 text-sm text-muted-foreground">
              Turn it on for your own account first, under Settings &gt; Account.
            </p>
          ) : null}
        </div>
      ) : null}
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={required ? "Stop requiring two-factor?" : "Require two-factor for every member?"}
        description={
          required
            ? "Members may then sign in with a password only."
            : `${without} They are sent to set it up on their next request, and cannot use the organization until they do.`
        }
        confirmLabel={required ? "Stop requiring" : "Require two-factor"}
        pendingLabel="Saving…"
        variant="default"
        pending={change.pending}
        onConfirm={() => void change.run({ orgSlug, required: !required })}
      />
    </Section>
  );
}
