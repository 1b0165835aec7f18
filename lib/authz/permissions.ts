// Who may do what (SA-08, PA-08): one permission per use case, one table for the dashboard's
// roles and one for the API's scopes. Use cases call `assertCan` where they decide, with the
// resource when the answer depends on it, so no entry point can skip the check; the UI asks `can`
// only to hide what would be refused anyway. A new actor or permission is a row or a column here.
import type { Environment, Role } from "../db/enums";
import { AppError } from "../errors";
import type { CredentialActor, UserActor } from "./actor";

export const PERMISSIONS = [
  "credentials:read",
  "credentials:create",
  "credentials:update",
  "credentials:rotate",
  "credentials:revoke",
  "anomalies:dismiss",
  "members:read",
  "members:manage",
  "members:grant_owner",
  "audit:read",
  "plan:read",
  "plan:manage",
  "agents:read",
  "agents:write",
  "analytics:read",
  "integrations:write",
  "organization:rename",
  "organization:change_slug",
  "organization:delete",
  "organization:require_two_factor",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/**
 * How much of a permission a role holds: `all`, or `own_nonprod`: only credentials the user created
 * (or is creating) outside production, the developer's share (SA-08).
 */
export type Grant = "all" | "own_nonprod";

const ALL: Partial<Record<Permission, Grant>> = Object.fromEntries(PERMISSIONS.map((p) => [p, "all"]));
const READ_ONLY: Partial<Record<Permission, Grant>> = {
  "credentials:read": "all",
  "members:read": "all",
  "agents:read": "all",
  "analytics:read": "all",
  // Every member sees the plan and its limits (RL-05): knowing why requests get 429 is no secret.
  "plan:read": "all",
};

export const ROLE_GRANTS: Record<Role, Partial<Record<Permission, Grant>>> = {
  owner: ALL,
  // Admins may rename the organization (as on GitHub); its URL and its deletion are the owners' (OR-04).
  admin: {
    ...ALL,
    "members:grant_owner": undefined,
    "plan:manage": undefined,
    "organization:change_slug": undefined,
    "organization:delete": undefined,
    "organization:require_two_factor": undefined,
  },
  developer: {
    ...READ_ONLY,
    "credentials:create": "own_nonprod",
    "credentials:update": "own_nonprod",
    "credentials:rotate": "own_nonprod",
    "credentials:revoke": "own_nonprod",
    "anomalies:dismiss": "own_nonprod",
  },
  viewer: READ_ONLY,
};

/** What each scope of an access token permits, in the token's organization and environment (PA-08). */
export const SCOPE_GRANTS: Record<string, readonly Permission[]> = {
  "read:agents": ["agents:read"],
  "write:agents": ["agents:write"],
  "read:analytics": ["analytics:read"],
  "write:integrations": ["integrations:write"],
  admin: ["agents:read", "agents:write", "analytics:read", "integrations:write"],
};

/** The thing acted on, when the answer depends on it. */
export type Resource = { environment: Environment; createdById?: string | null };

type Subject = Pick<UserActor, "kind" | "userId" | "role"> | CredentialActor;

/**
 * May `actor` do `permission` (to `resource`)? Without a resource: does it hold the permission at
 * all (for the UI: show the button); use cases always pass the resource when there is one.
 */
export function can(actor: Subject, permission: Permission, resource?: Resource): boolean {
  if (actor.kind === "credential") {
    const granted = actor.scopes.some((scope) => SCOPE_GRANTS[scope]?.includes(permission));
    return granted && (!resource || resource.environment === actor.environment);
  }
  const grant = ROLE_GRANTS[actor.role][permission];
  if (!grant) return false;
  if (grant === "all" || !resource) return true;
  return resource.environment !== "production" && resource.createdById === actor.userId;
}

const CHANGE_KEY = "Your role cannot change this API key.";
const FORBIDDEN_MESSAGES: Partial<Record<Permission, string>> = {
  "credentials:create": "Your role cannot create API keys in this environment.",
  "credentials:update": CHANGE_KEY,
  "credentials:rotate": CHANGE_KEY,
  "credentials:revoke": CHANGE_KEY,
  "anomalies:dismiss": CHANGE_KEY,
  "members:grant_owner": "Only owners can grant or take away the owner role.",
  "organization:rename": "Only owners and admins can rename the organization.",
  "organization:change_slug": "Only owners can change the organization's URL.",
  "organization:delete": "Only owners can delete the organization.",
  "organization:require_two_factor": "Only owners can require two-factor authentication.",
};

export function assertCan(actor: Subject, permission: Permission, resource?: Resource): void {
  if (can(actor, permission, resource)) return;
  const message =
    actor.kind === "credential"
      ? "This key's scopes do not allow this."
      : (FORBIDDEN_MESSAGES[permission] ?? "Your role does not allow this.");
  throw new AppError("forbidden", message);
}
