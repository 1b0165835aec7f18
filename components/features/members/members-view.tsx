"use client";
// Settings > Members: who is in the organization, their role and when they joined. Owners and
// admins change roles (a select per row, applied after a confirmation showing old → new) and
// remove members (AlertDialog, focus starts on Cancel); the last owner's controls are disabled up
// front with the reason. They also invite people (a link by mail, or shown once without SMTP) and
// see the pending invitations. Everyone else sees the list read-only. The server re-checks every rule.
import { useRouter } from "next/navigation";
import { useRef, useState, useTransition } from "react";

import { changeMemberRoleAction, removeMemberAction } from "@/lib/actions/members";
import { formatDate, formatDateTime } from "@/components/features/credentials/format";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { withSudo } from "@/components/ui/sudo";
import { toast } from "@/components/ui/toast";
import { Select } from "@/components/ui/select";
import type { Viewer } from "@/lib/authz/actor";
import type { Role } from "@/lib/db/enums";
import type { InvitationDto } from "@/lib/invitations/invitation-rules";
import type { MemberDto } from "@/lib/orgs/member-rules";
import { ROLE_LABELS, ROLES } from "@/lib/orgs/schemas";

import { InviteMemberDialog } from "./invite-member-dialog";
import { PendingInvitations } from "./pending-invitations";

const LAST_OWNER_NOTE = "An organization needs at least one owner.";
const LAST_OWNER_NOTE_ID = "last-owner-note";

export type MembersViewProps = {
  orgSlug: string;
  viewer: Viewer & { canManage: boolean };
  members: MemberDto[];
  /** Open invitations; only for those who manage members (null otherwise). */
  invitations: InvitationDto[] | null;
};

export function MembersView({ orgSlug, viewer, members, invitations }: MembersViewProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [removing, setRemoving] = useState<MemberDto | null>(null);
  const [roleChange, setRoleChange] = useState<{ member: MemberDto; role: Role } | null>(null);
  const isOwner = viewer.role === "owner";
  // Only owners grant or take away the owner role (SA-08).
  const mayEdit = (member: MemberDto) => viewer.canManage && (isOwner || member.role !== "owner");
  const rolesFor = (member: MemberDto): readonly Role[] =>
    isOwner ? ROLES : ROLES.filter((r) => r !== "owner" || member.role === "owner");
  // The server refuses to demote or remove the last owner (SA-08); say so before anyone tries.
  const ownerCount = members.filter((member) => member.role === "owner").length;
  const isLastOwner = (member: MemberDto) => member.role === "owner" && ownerCount === 1;
  // The confirmations open without a trigger: focus goes back to the row's control on close (a
  // removed member's row is gone, and then Radix's default applies).
  const returnFocusId = useRef<string | null>(null);
  const confirmRoleChange = (member: MemberDto, role: Role) => {
    returnFocusId.current = `role-${member.id}`;
    setRoleChange({ member, role });
  };
  const confirmRemoval = (member: MemberDto) => {
    returnFocusId.current = `remove-${member.id}`;
    setRemoving(member);
  };
  const returnFocus = (event: Event) => {
    const element = returnFocusId.current ? document.getElementById(returnFocusId.current) : null;
    if (!element) return;
    event.preventDefault();
    element.focus();
  };

  function changeRole(member: MemberDto, role: Role) {
    startTransition(async () => {
      const result = await withSudo(() => changeMemberRoleAction({ orgSlug, memberId: member.id, role }));
      setRoleChange(null);
      if (result.ok) {
        toast.success(`${member.name} is now ${ROLE_LABELS[role].toLowerCase()}.`);
        router.refresh();
      } else {
        toast.error(result.message);
        router.refresh();
      }
    });
  }

  function remove(member: MemberDto) {
    startTransition(async () => {
      const result = await removeMemberAction({ orgSlug, memberId: member.id });
      setRemoving(null);
      if (result.ok) toast.success(`${member.name} was removed from the organization.`);
      else toast.error(result.message);
      router.refresh();
    });
  }

  return (
    <div className="grid gap-6">
      <header className="grid gap-2">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Members</h1>
          {viewer.canManage ? (
            <InviteMemberDialog
              orgSlug={orgSlug}
              grantableRoles={isOwner ? ROLES : ROLES.filter((r) => r !== "owner")}
            />
          ) : null}
        </div>
        <p className="max-w-prose text-sm text-muted-foreground">
          {viewer.canManage
            ? "Everyone in this organization and their role. Only owners can grant or take away the owner role; the last owner cannot be demoted or removed."
            : "Everyone in this organization and their role. Owners and admins manage members."}
        </p>
      </header>
      {/* Focusable so keyboard users can scroll a table wider than the screen (axe scrollable-region-focusable). */}
      <div
        role="region"
        aria-label="Members"
        tabIndex={0}
        className="overflow-x-auto rounded-lg border border-border focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring"
      >
        <table className="w-full min-w-[40rem] text-left text-sm">
          <caption className="sr-only">Members</caption>
          <thead className="border-b border-border bg-surface text-xs text-muted-foreground">
            <tr>
              {["Name", "Email", "Role", "Joined"].map((header) => (
                <th key={header} scope="col" className="px-3 py-2 font-medium">
                  {header}
                </th>
              ))}
              {viewer.canManage ? (
                <th scope="col" className="px-3 py-2">
                  <span className="sr-only">Actions</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <tr key={member.id} className="border-b border-border last:border-0" data-testid="member-row">
                <td className="px-3 py-2 font-medium">
                  {member.name}
                  {member.userId === viewer.userId ? <span className="ml-1 text-muted-foreground">(you)</span> : null}
                </td>
                <td className="px-3 py-2 break-all">{member.email}</td>
                <td className="px-3 py-2">
                  {mayEdit(member) ? (
                    <>
                      {/* Stays on the current role until the change is confirmed (and saved). */}
                      <Select
                        id={`role-${member.id}`}
                        aria-label={`Role of ${member.name}`}
                        aria-describedby={isLastOwner(member) ? LAST_OWNER_NOTE_ID : undefined}
                        title={isLastOwner(member) ? LAST_OWNER_NOTE : undefined}
                        value={member.role}
                        disabled={pending || isLastOwner(member)}
                        onValueChange={(role) => role !== member.role && confirmRoleChange(member, role)}
                        className="h-9 px-2"
                        options={rolesFor(member)}
                        optionLabel={(role) => ROLE_LABELS[role]}
                      />
                      {isLastOwner(member) ? (
                        <p id={LAST_OWNER_NOTE_ID} className="mt-1 text-xs text-muted-foreground">
                          {LAST_OWNER_NOTE}
                        </p>
                      ) : null}
                    </>
                  ) : (
                    ROLE_LABELS[member.role]
                  )}
                </td>
                <td className="px-3 py-2">
                  <time dateTime={member.joinedAt} title={formatDateTime(member.joinedAt)} suppressHydrationWarning>
                    {formatDate(member.joinedAt)}
                  </time>
                </td>
                {viewer.canManage ? (
                  <td className="px-3 py-2 text-right">
                    {mayEdit(member) ? (
                      <Button
                        id={`remove-${member.id}`}
                        variant="outline"
                        size="sm"
                        disabled={pending || isLastOwner(member)}
                        aria-describedby={isLastOwner(member) ? LAST_OWNER_NOTE_ID : undefined}
                        title={isLastOwner(member) ? LAST_OWNER_NOTE : undefined}
                        onClick={() => confirmRemoval(member)}
                      >
                        Remove<span className="sr-only"> {member.name}</span>
                      </Button>
                    ) : null}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {invitations ? <PendingInvitations orgSlug={orgSlug} invitations={invitations} isOwner={isOwner} /> : null}

      <ConfirmDialog
        open={roleChange !== null}
        onOpenChange={(open) => (open ? undefined : setRoleChange(null))}
        onCloseAutoFocus={returnFocus}
        title={<>Change {roleChange?.member.name}&rsquo;s role?</>}
        description={
          roleChange ? (
            <>
              <span className="block font-medium text-foreground">
                {ROLE_LABELS[roleChange.member.role]} → {ROLE_LABELS[roleChange.role]}
              </span>
              {roleChange.member.email} gets the new role&rsquo;s permissions on their next request.
            </>
          ) : null
        }
        confirmLabel="Change role"
        pendingLabel="Changing…"
        variant="default"
        pending={pending}
        onConfirm={() => roleChange && changeRole(roleChange.member, roleChange.role)}
      />

      <ConfirmDialog
        open={removing !== null}
        onCloseAutoFocus={returnFocus}
        onOpenChange={(open) => (open ? undefined : setRemoving(null))}
        title={<>Remove {removing?.name}?</>}
        description={
          <>
            {removing?.email} loses access to this organization on their next request. Their API keys stay until
            revoked.
          </>
        }
        confirmLabel="Remove member"
        pending={pending}
        onConfirm={() => removing && remove(removing)}
      />
    </div>
  );
}
