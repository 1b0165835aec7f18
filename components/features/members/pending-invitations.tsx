"use client";
// "Pending invitations" on Settings > Members, for owners and admins: who was invited, with which
// role, by whom and until when; Resend mints a new link (the old one stops working) and mails it,
// or shows it once without SMTP; Revoke ends the link after a confirmation. An owner invitation
// is only an owner's to resend or revoke: its buttons say so up front. The server re-checks it all.
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { formatDate, formatDateTime } from "@/components/features/credentials/format";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { withSudo } from "@/components/ui/sudo";
import { toast } from "@/components/ui/toast";
import { resendInvitationAction, revokeInvitationAction } from "@/lib/actions/invitations";
import type { InvitationDto } from "@/lib/invitations/invitation-rules";
import { ROLE_LABELS } from "@/lib/orgs/schemas";

import { InvitationLinkDialog, type ShownInvitationLink } from "./invitation-link-dialog";

const OWNERS_ONLY = "Only owners can resend or revoke an owner invitation.";
const OWNERS_ONLY_ID = "owner-invitation-note";

export function PendingInvitations({
  orgSlug,
  invitations,
  isOwner,
}: {
  orgSlug: string;
  invitations: InvitationDto[];
  isOwner: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [revoking, setRevoking] = useState<InvitationDto | null>(null);
  const [shown, setShown] = useState<ShownInvitationLink | null>(null);
  const [returnFocusTo, setReturnFocusTo] = useState<string | null>(null);
  const mayChange = (invitation: InvitationDto) => isOwner || invitation.role !== "owner";
  const returnFocus = (event: Event) => {
    const element = returnFocusTo ? document.getElementById(returnFocusTo) : null;
    if (!element) return;
    event.preventDefault();
    element.focus();
  };

  function resend(invitation: InvitationDto) {
    setReturnFocusTo(`resend-${invitation.id}`);
    startTransition(async () => {
      try {
        const result = await withSudo(() => resendInvitationAction({ orgSlug, invitationId: invitation.id }));
        if (!result.ok) toast.error(result.message);
        else if (result.data.delivery.kind === "link")
          setShown({ email: result.data.invitation.email, link: result.data.delivery.link });
        else toast.success(`Invitation sent again to ${invitation.email}. The previous link no longer works.`);
      } catch {
        toast.error("Couldn't reach the server. Check your connection and try again.");
      }
      router.refresh();
    });
  }

  function revoke(invitation: InvitationDto) {
    startTransition(async () => {
      try {
        const result = await withSudo(() => revokeInvitationAction({ orgSlug, invitationId: invitation.id }));
        setRevoking(null);
        if (result.ok) toast.success(`The invitation for ${invitation.email} was revoked.`);
        else toast.error(result.message);
      } catch {
        toast.error("Couldn't reach the server. Check your connection and try again.");
      }
      router.refresh();
    });
  }

  return (
    <section aria-labelledby="pending-invitations-heading" className="grid gap-3">
      <h2 id="pending-invitations-heading" className="text-lg font-semibold">
        Pending invitations
      </h2>
      {invitations.length === 0 ? (
        <p className="text-sm text-muted-foreground">No one is invited right now.</p>
      ) : (
        <div
          role="region"
          aria-label="Pending invitations"
          tabIndex={0}
          className="overflow-x-auto rounded-lg border border-border focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
        >
          <table className="w-full min-w-[44rem] text-left text-sm">
            <caption className="sr-only">Pending invitations</caption>
            <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
              <tr>
                {["Email", "Role", "Invited by", "Expires"].map((header) => (
                  <th key={header} scope="col" className="px-3 py-2 font-medium">
                    {header}
                  </th>
                ))}
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invitations.map((invitation) => (
                <tr key={invitation.id} className="border-b border-border last:border-0" data-testid="invitation-row">
                  <td className="px-3 py-2 font-medium break-all">{invitation.email}</td>
                  <td className="px-3 py-2">{ROLE_LABELS[invitation.role]}</td>
                  <td className="px-3 py-2">{invitation.invitedBy ?? "A former member"}</td>
                  <td className="px-3 py-2">
                    {invitation.isExpired ? (
                      <Badge variant="warning">Expired</Badge>
                    ) : (
                      <time
                        dateTime={invitation.expiresAt}
                        title={formatDateTime(invitation.expiresAt)}
                        suppressHydrationWarning
                      >
                        {formatDate(invitation.expiresAt)}
                      </time>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <div className="flex justify-end gap-2">
                      <Button
                        id={`resend-${invitation.id}`}
                        variant="outline"
                        size="sm"
                        disabled={pending || !mayChange(invitation)}
                        aria-describedby={mayChange(invitation) ? undefined : OWNERS_ONLY_ID}
                        title={mayChange(invitation) ? undefined : OWNERS_ONLY}
                        onClick={() => resend(invitation)}
                      >
                        Resend<span className="sr-only"> the invitation for {invitation.email}</span>
                      </Button>
                      <Button
                        id={`revoke-${invitation.id}`}
                        variant="outline"
                        size="sm"
                        disabled={pending || !mayChange(invitation)}
                        aria-describedby={mayChange(invitation) ? undefined : OWNERS_ONLY_ID}
                        title={mayChange(invitation) ? undefined : OWNERS_ONLY}
                        onClick={() => {
                          setReturnFocusTo(`revoke-${invitation.id}`);
                          setRevoking(invitation);
                        }}
                      >
                        Revoke<span className="sr-only"> the invitation for {invitation.email}</span>
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {invitations.some((invitation) => !mayChange(invitation)) ? (
        <p id={OWNERS_ONLY_ID} className="text-xs text-muted-foreground">
          {OWNERS_ONLY}
        </p>
      ) : null}

      <ConfirmDialog
        open={revoking !== null}
        onOpenChange={(open) => (open ? undefined : setRevoking(null))}
        onCloseAutoFocus={returnFocus}
        title={<>Revoke the invitation for {revoking?.email}?</>}
        description="The link stops working at once. You can invite the address again later."
        confirmLabel="Revoke invitation"
        pendingLabel="Revoking…"
        pending={pending}
        onConfirm={() => revoking && revoke(revoking)}
      />
      <InvitationLinkDialog shown={shown} onClose={() => setShown(null)} onCloseAutoFocus={returnFocus} />
    </section>
  );
}
