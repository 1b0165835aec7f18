// The rules of an organization's name and slug (OR-02, OR-03), and the zod inputs of the
// organization use cases. Pure: the create dialog derives its slug preview with the same function
// the server uses, and the server checks everything again.
import { z } from "zod";
import { safeText } from "../validation/text";

export const MAX_ORG_NAME_LENGTH = 64;
export const MIN_SLUG_LENGTH = 3;
export const MAX_SLUG_LENGTH = 40;

/**
 * First path segments the app answers itself, now or in announced work: an organization there
 * would be unreachable (or would shadow the route). Compared after lowercasing.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  // routes of app/ and of the server in front of it
  "api",
  "v1",
  "docs",
  "healthz",
  "readyz",
  "metrics",
  "openapi.json",
  "oauth",
  "sign-in",
  "favicon.ico",
  "icon.svg",
  "_next",
  ".well-known",
  // pages announced for later, and names a user could mistake for a page of the app
  "sign-up",
  "sign-out",
  "invite",
  "invites",
  "invitations",
  "forgot-password",
  "reset-password",
  "verify-email",
  "account",
  "settings",
  "new",
  "admin",
  "login",
  "logout",
  "static",
  "assets",
  "public",
  "www",
]);

/** Tombstoned organizations keep `deleted-<id>` as their slug (docs/adr/0003), so no one may pick it. */
export const TOMBSTONE_SLUG_PREFIX = "deleted-";

export const SLUG_TAKEN_MESSAGE = "This URL is taken.";
export const SLUG_RESERVED_MESSAGE = "This URL is used by WorkFlux itself. Choose another.";
export const SLUG_SHAPE_MESSAGE = `Use ${MIN_SLUG_LENGTH}–${MAX_SLUG_LENGTH} lowercase letters, digits and hyphens, starting and ending with a letter or digit.`;
export const NAME_MISMATCH_MESSAGE = "Type the organization's name exactly as shown.";

const SLUG_SHAPE = new RegExp(`^[a-z0-9](?:[a-z0-9-]{${MIN_SLUG_LENGTH - 2},${MAX_SLUG_LENGTH - 2}})[a-z0-9]$`);

/** Why `slug` cannot be an organization's slug, or null when it can (taken is the database's answer). */
export function slugProblem(slug: string): string | null {
  if (!SLUG_SHAPE.test(slug)) return SLUG_SHAPE_MESSAGE;
  if (RESERVED_SLUGS.has(slug) || slug.startsWith(TOMBSTONE_SLUG_PREFIX)) return SLUG_RESERVED_MESSAGE;
  return null;
}

/**
 * The slug a name suggests: accents dropped, lowercase, every run of other characters one hyphen,
 * cut to the maximum length. May still be too short or reserved (the dialog lets the user edit it).
 */
export function slugFromName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, "");
}

const OrgSlug = z.string().min(1).max(100);

export const OrganizationName = safeText(
  z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, { error: "Enter a name." })
    .max(MAX_ORG_NAME_LENGTH, { error: `Use at most ${MAX_ORG_NAME_LENGTH} characters.` }),
);

export const OrganizationSlug = z
  .string({ error: "Enter a URL." })
  .trim()
  .max(100, { error: SLUG_SHAPE_MESSAGE })
  .superRefine((slug, ctx) => {
    const problem = slugProblem(slug);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

/** Not organization-scoped: the caller is any signed-in user. Without a slug, the name's is used. */
export const CreateOrganizationInput = z.strictObject({
  name: OrganizationName,
  slug: OrganizationSlug.optional(),
});
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

export const RenameOrganizationInput = z.strictObject({ orgSlug: OrgSlug, name: OrganizationName });
export type RenameOrganizationInput = z.infer<typeof RenameOrganizationInput>;

export const TwoFactorRequirementInput = z.strictObject({
  orgSlug: OrgSlug,
  required: z.boolean({ error: "Say whether two-factor is required." }),
});

export const ChangeOrganizationSlugInput = z.strictObject({ orgSlug: OrgSlug, slug: OrganizationSlug });
export type ChangeOrganizationSlugInput = z.infer<typeof ChangeOrganizationSlugInput>;

/** `confirmName` is compared exactly (not trimmed): what the owner typed must be the name. */
export const DeleteOrganizationInput = z.strictObject({
  orgSlug: OrgSlug,
  confirmName: z.string({ error: NAME_MISMATCH_MESSAGE }).max(200, { error: NAME_MISMATCH_MESSAGE }),
});
export type DeleteOrganizationInput = z.infer<typeof DeleteOrganizationInput>;
