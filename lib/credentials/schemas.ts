// zod inputs of the credential use cases (SA-03): strict objects, bounded lengths. Every
// action input names its organization by slug; the action wrapper resolves it to the caller's
// membership, so an org id never comes from the client.
import { z } from "zod";
import type { Environment } from "../db/generated/enums";
import { safeText } from "../validation/text";
import { ROTATION_GRACE_OPTIONS } from "./rotation-grace";
import { normalizeScopes, SCOPE_NAMES } from "./scopes";

export const ENVIRONMENTS = ["production", "staging", "development"] as const satisfies readonly Environment[];
export const MAX_CREDENTIAL_NAME_LENGTH = 100;
export const MAX_REVOKE_NOTE_LENGTH = 500;
export const EXPIRY_PRESET_DAYS = [30, 60, 90] as const;

const OrgSlug = z.string().min(1).max(100);
const CredentialId = z.uuid({ error: "Unknown API key." });

export const CredentialName = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(MAX_CREDENTIAL_NAME_LENGTH, `Use at most ${MAX_CREDENTIAL_NAME_LENGTH} characters.`)
  // Control characters would let a name forge lines in logs and exports (LG-03).
  .regex(/^[^\u0000-\u001f\u007f]*$/, "Remove control characters.");

export const CredentialScopes = z
  .array(z.enum(SCOPE_NAMES, { error: "Unknown scope." }))
  .min(1, "Choose at least one scope.")
  .max(SCOPE_NAMES.length * 2)
  .transform(normalizeScopes);

/** Expiry as chosen in the form: none, a preset number of days from now, or a custom instant. */
export const CredentialExpiry = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("never") }),
  z.strictObject({ kind: z.literal("days"), days: z.union(EXPIRY_PRESET_DAYS.map((d) => z.literal(d))) }),
  z.strictObject({ kind: z.literal("date"), date: z.iso.datetime({ offset: true, error: "Enter a valid date." }) }),
]);
export type CredentialExpiry = z.infer<typeof CredentialExpiry>;

export const CreateCredentialInput = z.strictObject({
  orgSlug: OrgSlug,
  name: CredentialName,
  environment: z.enum(ENVIRONMENTS, { error: "Choose an environment." }),
  scopes: CredentialScopes,
  expiry: CredentialExpiry,
});
export type CreateCredentialInput = z.infer<typeof CreateCredentialInput>;

export const RotateCredentialInput = z.strictObject({
  orgSlug: OrgSlug,
  credentialId: CredentialId,
  grace: z.enum(ROTATION_GRACE_OPTIONS, { error: "Choose how long the old secret keeps working." }),
  /**
   * When the secret being replaced was created, as the caller saw it. A rotation that finds another
   * secret (someone rotated meanwhile) is refused as a conflict, so no caller is shown a secret a
   * concurrent rotation has already replaced.
   */
  currentSecretCreatedAt: z.iso.datetime().optional(),
});
export type RotateCredentialInput = z.infer<typeof RotateCredentialInput>;

export const REVOKE_REASONS = ["compromised", "no_longer_needed", "replaced", "other"] as const;
export type RevokeReason = (typeof REVOKE_REASONS)[number];
export const REVOKE_REASON_LABELS: Record<RevokeReason, string> = {
  compromised: "Compromised",
  no_longer_needed: "No longer needed",
  replaced: "Replaced",
  other: "Other",
};

export const RevokeCredentialInput = z
  .strictObject({
    orgSlug: OrgSlug,
    credentialId: CredentialId,
    reason: z.enum(REVOKE_REASONS, { error: "Choose a reason." }),
    note: safeText(z.string().trim().max(MAX_REVOKE_NOTE_LENGTH)).optional(),
  })
  .refine((input) => input.reason !== "other" || Boolean(input.note), {
    path: ["note"],
    message: "Describe the reason.",
  });
export type RevokeCredentialInput = z.infer<typeof RevokeCredentialInput>;

export const UpdateCredentialInput = z
  .strictObject({
    orgSlug: OrgSlug,
    credentialId: CredentialId,
    name: CredentialName.optional(),
    scopes: CredentialScopes.optional(),
    expiry: CredentialExpiry.optional(),
  })
  .refine((input) => input.name !== undefined || input.scopes !== undefined || input.expiry !== undefined, {
    message: "Nothing to change.",
  });
export type UpdateCredentialInput = z.infer<typeof UpdateCredentialInput>;

export const EndRotationGraceInput = z.strictObject({ orgSlug: OrgSlug, credentialId: CredentialId });
export type EndRotationGraceInput = z.infer<typeof EndRotationGraceInput>;

export const GetCredentialInput = z.strictObject({ credentialId: CredentialId });
export type GetCredentialInput = z.infer<typeof GetCredentialInput>;

export const ENVIRONMENT_FILTERS = ["all", ...ENVIRONMENTS] as const;
export const STATUS_FILTERS = ["all", "active", "inactive"] as const;

/**
 * The list's query string (`?env=production&q=…&status=…&cursor=…`); anything unparseable falls
 * back, a search with a NUL (which PostgreSQL refuses in a pattern) to no search.
 */
export const ListCredentialsQuery = z.object({
  env: z.enum(ENVIRONMENT_FILTERS).catch("all").default("all"),
  status: z.enum(STATUS_FILTERS).catch("all").default("all"),
  q: safeText(z.string().trim().max(100)).catch("").default(""),
  cursor: z.string().max(200).optional().catch(undefined),
});
export type ListCredentialsQuery = z.infer<typeof ListCredentialsQuery>;
