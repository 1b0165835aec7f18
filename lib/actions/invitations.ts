"use server";
// Server actions of invitations: invite, resend and revoke on Settings > Members (through
// `action()`: session, strict input, membership of orgSlug; the use case checks the role), and the
// public accept page's two (through `publicAction()`: the link's token is the credential; joining
// as a signed-in user goes through `userAction()`, which needs that user's session).
import { revalidatePath } from "next/cache";
import { action, publicAction, userAction } from "@/lib/auth/action";
import { AppError } from "@/lib/errors";
import { acceptInvitationAsNewUser, acceptInvitationAsUser } from "@/lib/invitations/accept-invitation";
import { resendInvitation, revokeInvitation } from "@/lib/invitations/change-invitation";
import { inviteMember } from "@/lib/invitations/invite-member";
import {
  AcceptAsNewUserInput,
  AcceptAsUserInput,
  InvitationTargetInput,
  InviteMemberInput,
} from "@/lib/invitations/schemas";

function revalidateMemberPages(orgSlug: string) {
  revalidatePath(`/${encodeURIComponent(orgSlug)}/settings`, "layout");
}

export const inviteMemberAction = action(InviteMemberInput, async (input, actor, context) => {
  const result = await inviteMember(actor, input, context);
  revalidateMemberPages(input.orgSlug);
  return result;
});

export const resendInvitationAction = action(InvitationTargetInput, async (input, actor, context) => {
  const result = await resendInvitation(actor, input, context);
  revalidateMemberPages(input.orgSlug);
  return result;
});

export const revokeInvitationAction = action(InvitationTargetInput, async (input, actor, context) => {
  const result = await revokeInvitation(actor, input, context);
  revalidateMemberPages(input.orgSlug);
  return result;
});

export const acceptInvitationAsNewUserAction = publicAction(AcceptAsNewUserInput, async (input, user, context) => {
  // Someone signed in accepts as themselves; a second account from one browser would be a surprise.
  if (user) throw new AppError("conflict", "You are signed in. Reload the page to join with your account.");
  return acceptInvitationAsNewUser(input, context);
});

export const acceptInvitationAsUserAction = userAction(AcceptAsUserInput, async (input, user, context) =>
  acceptInvitationAsUser(user, input, context),
);
