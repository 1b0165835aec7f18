"use server";
// Server actions of Settings > API Credentials. Each goes through `action()` (session, strict
// input, membership of orgSlug) and then a use case that checks the role and writes the key and
// its audit event in one transaction. Create and rotate return the new secret once, in the result
// only; it is not cached, logged or put in the page.
import { revalidatePath } from "next/cache";
import { action } from "@/lib/auth/action";
import { createCredential } from "@/lib/credentials/create-credential";
import { endRotationGrace } from "@/lib/credentials/end-rotation-grace";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { rotateCredential } from "@/lib/credentials/rotate-credential";
import {
  CreateCredentialInput,
  EndRotationGraceInput,
  RevokeCredentialInput,
  RotateCredentialInput,
  UpdateCredentialInput,
} from "@/lib/credentials/schemas";
import { updateCredential } from "@/lib/credentials/update-credential";

// The list reads through react-query; the detail page is server-rendered and must show the change.
function revalidateCredentialPages(orgSlug: string) {
  revalidatePath(`/${encodeURIComponent(orgSlug)}/settings/api-credentials`, "layout");
}

export const createCredentialAction = action(CreateCredentialInput, async (input, actor, context) => {
  const result = await createCredential(actor, input, context);
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const rotateCredentialAction = action(RotateCredentialInput, async (input, actor, context) => {
  const result = await rotateCredential(actor, input, context);
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const revokeCredentialAction = action(RevokeCredentialInput, async (input, actor, context) => {
  const result = await revokeCredential(actor, input, context);
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const updateCredentialAction = action(UpdateCredentialInput, async (input, actor, context) => {
  const result = await updateCredential(actor, input, context);
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const endRotationGraceAction = action(EndRotationGraceInput, async (input, actor, context) => {
  const result = await endRotationGrace(actor, input, context);
  revalidateCredentialPages(input.orgSlug);
  return result;
});
