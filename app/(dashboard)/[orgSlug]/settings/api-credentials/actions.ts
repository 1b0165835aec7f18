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
import { currentRequestInfo } from "@/lib/http/request-info";

// The list reads through react-query; the detail page is server-rendered and must show the change.
function revalidateCredentialPages(orgSlug: string) {
  revalidatePath(`/${encodeURIComponent(orgSlug)}/settings/api-credentials`, "layout");
}

export const createCredentialAction = action(CreateCredentialInput, async (input, actor) => {
  const result = await createCredential(actor, input, { request: await currentRequestInfo() });
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const rotateCredentialAction = action(RotateCredentialInput, async (input, actor) => {
  const result = await rotateCredential(actor, input, { request: await currentRequestInfo() });
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const revokeCredentialAction = action(RevokeCredentialInput, async (input, actor) => {
  const result = await revokeCredential(actor, input, { request: await currentRequestInfo() });
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const updateCredentialAction = action(UpdateCredentialInput, async (input, actor) => {
  const result = await updateCredential(actor, input, { request: await currentRequestInfo() });
  revalidateCredentialPages(input.orgSlug);
  return result;
});

export const endRotationGraceAction = action(EndRotationGraceInput, async (input, actor) => {
  const result = await endRotationGrace(actor, input, { request: await currentRequestInfo() });
  revalidateCredentialPages(input.orgSlug);
  return result;
});
