// zod inputs of the invitation use cases: strict objects. The dashboard's name the organization
// by slug (resolved by the action wrapper to the caller's own membership); the accept page's carry
// the link's token, whose shape is checked before any lookup (OT-01).
import { z } from "zod";
import { ROLES } from "../orgs/schemas";
import { MAX_PASSWORD_LENGTH } from "../users/password-rules";
import { NewPasswordField } from "../users/schemas";
import { EmailAddress } from "../validation/email";

const OrgSlug = z.string().min(1).max(100);
const InvitationId = z.uuid({ error: "Unknown invitation." });
const Token = z.string().max(100);

export const InviteMemberInput = z.strictObject({
  orgSlug: OrgSlug,
  email: EmailAddress,
  role: z.enum(ROLES, { error: "Choose a role." }),
});
export type InviteMemberInput = z.infer<typeof InviteMemberInput>;

export const InvitationTargetInput = z.strictObject({ orgSlug: OrgSlug, invitationId: InvitationId });
export type InvitationTargetInput = z.infer<typeof InvitationTargetInput>;

export const MAX_NAME_LENGTH = 100;

export const AcceptAsNewUserInput = z
  .strictObject({
    token: Token,
    name: z
      .string()
      .trim()
      .min(1, { error: "Enter your name." })
      .max(MAX_NAME_LENGTH, { error: `A name has at most ${MAX_NAME_LENGTH} characters.` })
      .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), {
        error: "Enter your name without control characters.",
      }),
    password: NewPasswordField,
    confirmPassword: z.string().max(MAX_PASSWORD_LENGTH),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    error: "The passwords do not match.",
  });
export type AcceptAsNewUserInput = z.infer<typeof AcceptAsNewUserInput>;

export const AcceptAsUserInput = z.strictObject({ token: Token });
export type AcceptAsUserInput = z.infer<typeof AcceptAsUserInput>;
