"use server";
// Server actions of Settings > Account > Sign-in methods (SO-06): the signed-in user's own single
// sign-on identities. Strict input; the use case keeps the last way in and answers another user's
// identity id not_found.
import { userAction } from "@/lib/auth/action";
import { UnlinkIdentityInput, unlinkIdentity } from "@/lib/identities/manage-identities";

/** Unlinks one of the user's single sign-on identities, never the last way in. */
export const unlinkIdentityAction = userAction(UnlinkIdentityInput, async (input, user, context) => {
  await unlinkIdentity(user, input, { now: context.now, request: context.request });
  return null;
});
