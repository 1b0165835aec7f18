// Inputs of the account pages (forgot/reset password, change password, sign-up, verification).
import { z } from "zod";
import { OrganizationName } from "../orgs/organization-schemas";
import { EmailAddress, normalizeEmail } from "../validation/email";
import { safeText } from "../validation/text";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./password-rules";

/** An address typed into an account form, as accounts are stored and compared (NFC, lower case). */
export const EmailField = EmailAddress.transform(normalizeEmail);

export const NewPasswordField = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`);

/** A one-time link's token as it arrives from a URL or form; its shape is checked by the use case. */
export const LinkTokenField = z.string().max(128);

export const RequestPasswordResetInput = z.strictObject({ email: EmailField });

export const ResetPasswordInput = z
  .strictObject({
    token: LinkTokenField,
    password: NewPasswordField,
    confirmPassword: z.string().max(MAX_PASSWORD_LENGTH),
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });

export const ChangePasswordInput = z
  .strictObject({
    currentPassword: z.string().min(1, "Enter your current password.").max(MAX_PASSWORD_LENGTH),
    newPassword: NewPasswordField,
    confirmPassword: z.string().max(MAX_PASSWORD_LENGTH),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });

export const PersonNameField = safeText(
  z
    .string()
    .trim()
    .min(1, "Enter your name.")
    .max(100, "A name has at most 100 characters.")
    .refine((value) => !/[\u0001-\u001f\u007f]/.test(value), "Enter your name without control characters."),
);

/**
 * Sign-up (AC-06): the account and the name of the organization it will own. The address is kept
 * as typed here; the use case compares and stores it with `normalizeEmail`.
 */
export const SignUpInput = z
  .strictObject({
    email: EmailAddress,
    name: PersonNameField,
    password: NewPasswordField,
    confirmPassword: z.string().max(MAX_PASSWORD_LENGTH),
    organizationName: OrganizationName,
  })
  .refine((v) => v.password === v.confirmPassword, {
    path: ["confirmPassword"],
    message: "The passwords do not match.",
  });
export type SignUpInput = z.infer<typeof SignUpInput>;

/** The "Resend the link" button of the check-inbox page carries nothing: the session names the user. */
export const ResendVerificationInput = z.strictObject({});

export const ConfirmPasswordInput = z.strictObject({
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH),
});

export const ConfirmCodeInput = z.strictObject({
  code: z.string().trim().min(1, "Enter a code.").max(64),
});

export const EndSessionInput = z.strictObject({ sessionId: z.uuid("Unknown session.") });

export const EndOtherSessionsInput = z.strictObject({});

/** The buttons of Settings > Account > Security carry nothing: the session names the user. */
export const NoInput = z.strictObject({});

export const ConfirmTotpInput = z.strictObject({
  code: z
    .string()
    .transform((value) => value.replace(/\s/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code your app shows.")),
});

/** The confirm button of /verify-email/<token>: the link's token, shape-checked by the use case. */
export const VerifyEmailInput = z.strictObject({ token: LinkTokenField });
