"use server";
// Server actions of Settings > Members. Each goes through `action()` (session, strict input,
// membership of orgSlug) and then a use case that checks the role and writes the change and its
// audit event in one transaction.
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { removeMember } from "@/lib/orgs/remove-member";
import { ChangeMemberRoleInput, RemoveMemberInput } from "@/lib/orgs/schemas";

function revalidateMemberPages(orgSlug: string) {
  revalidatePath(`/${encodeURIComponent(orgSlug)}/settings`, "layout");
}

export const changeMemberRoleAction = action(ChangeMemberRoleInput, async (input, actor, context) => {
  const result = await changeMemberRole(actor, input, context);
  revalidateMemberPages(input.orgSlug);
  return result;
});

export const removeMemberAction = action(RemoveMemberInput, async (input, actor, context) => {
  const result = await removeMember(actor, input, context);
  revalidateMemberPages(input.orgSlug);
  return result;
});
