"use client";
// "Create organization" from the organization switcher (OR-01): a dialog with the name and the
// slug; on success the new organization's API keys page opens and the switcher lists it.
import { Dialog } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";

import { OrganizationFields, useCreateOrganizationForm } from "./organization-form";

export function CreateOrganizationDialog({
  open,
  onOpenChange,
  onCloseAutoFocus,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The dialog opens from a menu item that is gone on close: put focus back on the menu's trigger. */
  onCloseAutoFocus?: (event: Event) => void;
}) {
  const form = useCreateOrganizationForm();
  const change = (next: boolean) => {
    onOpenChange(next);
    if (!next) form.reset();
  };
  return (
    <Dialog open={open} onOpenChange={change}>
      <FormDialogContent
        title="Create organization"
        description="You become its owner. Invite members and create API keys once it exists."
        onCloseAutoFocus={onCloseAutoFocus}
        onSubmit={form.onSubmit}
        error={form.formError}
        onCancel={() => change(false)}
        submitLabel="Create organization"
        pendingLabel="Creating…"
        pending={form.pending}
      >
        <OrganizationFields form={form} />
      </FormDialogContent>
    </Dialog>
  );
}
