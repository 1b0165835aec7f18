"use client";
// "Invite member" on Settings > Members (IV-01..IV-03): an email and a role, limited to the roles
// the inviter may grant (owners invite owners, admins up to admin). With SMTP the invitation is
// mailed and the dialog closes with "Invitation sent"; without it the dialog's next step shows the
// link once to copy.
import { UserPlus } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

import { Button } from "@/components/ui/button";
import { Dialog, DialogTrigger } from "@/components/ui/dialog";
import { FormDialogContent } from "@/components/ui/form-dialog-content";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { toast } from "@/components/ui/toast";
import { useActionMutation } from "@/components/ui/use-action-mutation";
import { inviteMemberAction } from "@/lib/actions/invitations";
import type { Role } from "@/lib/db/enums";
import { ROLE_LABELS } from "@/lib/orgs/schemas";

import { InvitationLinkDialog, type ShownInvitationLink } from "./invitation-link-dialog";

export const ROLE_SUMMARIES: Record<Role, string> = {
  owner: "Everything, including owners, the organization's URL and deleting it.",
  admin: "Manages members and every key, including production; reads the audit log.",
  developer: "Creates and manages their own development and staging keys.",
  viewer: "Sees keys, usage and members; changes nothing.",
};

export function InviteMemberDialog({ orgSlug, grantableRoles }: { orgSlug: string; grantableRoles: readonly Role[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("developer");
  const [shown, setShown] = useState<ShownInvitationLink | null>(null);
  const invite = useActionMutation(inviteMemberAction, {
    // The result may carry the link: never keep it in react-query's cache.
    gcTime: 0,
    onSuccess: (data) => {
      change(false);
      if (data.delivery.kind === "link") setShown({ email: data.invitation.email, link: data.delivery.link });
      else toast.success(`Invitation sent to ${data.invitation.email}.`);
      router.refresh();
    },
  });

  function change(next: boolean) {
    setOpen(next);
    if (!next) {
      setEmail("");
      setRole("developer");
      invite.reset();
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    void invite.run({ orgSlug, email, role });
  }

  return (
    <>
      <Dialog open={open} onOpenChange={change}>
        <DialogTrigger asChild>
          <Button>
            <UserPlus aria-hidden="true" />
            Invite member
          </Button>
        </DialogTrigger>
        <FormDialogContent
          title="Invite member"
          description="They get a link to join this organization with the role you choose. The link works once and expires in 7 days."
          onSubmit={onSubmit}
          error={invite.fieldError("email", "role") ? null : invite.error}
          onCancel={() => change(false)}
          submitLabel="Send invitation"
          pendingLabel="Sending…"
          pending={invite.pending}
        >
          <FormField label="Email" error={invite.fieldError("email")}>
            <Input
              type="email"
              value={email}
              onChange={(event) => {
                setEmail(event.currentTarget.value);
                // The answer was about the address as it was: it goes with the edit.
                invite.clearFieldError("email");
                invite.setError(null);
              }}
              maxLength={320}
              autoComplete="off"
              required
              autoFocus
            />
          </FormField>
          <FormField label="Role" description={ROLE_SUMMARIES[role]} error={invite.fieldError("role")}>
            <Select value={role} onValueChange={setRole} options={grantableRoles} optionLabel={(r) => ROLE_LABELS[r]} />
          </FormField>
        </FormDialogContent>
      </Dialog>
      <InvitationLinkDialog shown={shown} onClose={() => setShown(null)} />
    </>
  );
}
