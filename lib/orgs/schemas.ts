// zod inputs of the member use cases (SA-03): strict objects; the organization is named by
// slug and resolved by the action wrapper to the caller's own membership.
import { z } from "zod";
import type { Role } from "../db/generated/enums";

export const ROLES = ["owner", "admin", "developer", "viewer"] as const satisfies readonly Role[];
export const ROLE_LABELS: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  developer: "Developer",
  viewer: "Viewer",
};

const OrgSlug = z.string().min(1).max(100);
const MemberId = z.uuid({ error: "Unknown member." });

export const ChangeMemberRoleInput = z.strictObject({
  orgSlug: OrgSlug,
  memberId: MemberId,
  role: z.enum(ROLES, { error: "Choose a role." }),
});
export type ChangeMemberRoleInput = z.infer<typeof ChangeMemberRoleInput>;

export const RemoveMemberInput = z.strictObject({ orgSlug: OrgSlug, memberId: MemberId });
export type RemoveMemberInput = z.infer<typeof RemoveMemberInput>;
