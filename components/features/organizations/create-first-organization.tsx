"use client";
// The no-organization page's form (OR-01): the same fields and action as the switcher's dialog.
import { FormError } from "@/components/ui/form-error";
import { PendingButton } from "@/components/ui/pending-button";

import { OrganizationFields, useCreateOrganizationForm } from "./organization-form";

export function CreateFirstOrganization() {
  const form = useCreateOrganizationForm();
  return (
    <form onSubmit={form.onSubmit} noValidate className="grid gap-4" aria-labelledby="create-org-heading">
      <FormError error={form.formError} />
      <OrganizationFields form={form} />
      <div>
        <PendingButton type="submit" pending={form.pending} pendingLabel="Creating…">
          Create organization
        </PendingButton>
      </div>
    </form>
  );
}
