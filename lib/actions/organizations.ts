"use server";
// Server actions of organizations (OR-01..OR-05): creating one (any signed-in user, through
// `userAction`), and Settings > General's rename, slug change and deletion (through `action()`,
// which resolves orgSlug to the caller's own membership; the use case checks the role).
import { revalidatePath } from "next/cache";
import { action, userAction } from "@/lib/auth/action";
import { changeOrganizationSlug } from "@/lib/orgs/change-organization-slug";
import { createOrganization } from "@/lib/orgs/create-organization";
import { deleteOrganization } from "@/lib/orgs/delete-organization";
import { renameOrganization } from "@/lib/orgs/rename-organization";
import { setTwoFactorRequirement } from "@/lib/orgs/two-factor-requirement";
import {
  ChangeOrganizationSlugInput,
  CreateOrganizationInput,
  DeleteOrganizationInput,
  RenameOrganizationInput,
  TwoFactorRequirementInput,
} from "@/lib/orgs/organization-schemas";

// The switcher in every organization's header lists the user's organizations: refresh them all.
const revalidateShell = () => revalidatePath("/", "layout");

export const createOrganizationAction = userAction(CreateOrganizationInput, async (input, user, context) => {
  const result = await createOrganization({ userId: user.id }, input, context);
  revalidateShell();
  return result;
});

export const renameOrganizationAction = action(RenameOrganizationInput, async (input, actor, context) => {
  const result = await renameOrganization(actor, input, context);
  revalidateShell();
  return result;
});

export const changeOrganizationSlugAction = action(ChangeOrganizationSlugInput, async (input, actor, context) => {
  const result = await changeOrganizationSlug(actor, input, context);
  revalidateShell();
  return result;
});

export const deleteOrganizationAction = action(DeleteOrganizationInput, async (input, actor, context) => {
  const result = await deleteOrganization(actor, input, context);
  revalidateShell();
  return { name: result.name, keysRevoked: result.keysRevoked };
});

export const setTwoFactorRequirementAction = action(TwoFactorRequirementInput, async (input, actor, context) => {
  const result = await setTwoFactorRequirement(actor, input, context);
  revalidatePath(`/${encodeURIComponent(input.orgSlug)}`, "layout");
  return result;
});
