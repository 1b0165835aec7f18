// Roles → permissions (SPEC Decisions). Use cases call assertCan themselves, so no entry point can
// skip the check; the UI asks `can` only to hide what would be refused anyway.
import { AppError } from "../errors";
import type { Environment, Role } from "../db/generated/enums";

export type Actor = { userId: string; orgId: string; role: Role };

export type Permission =
  | "credentials:read"
  | "credentials:manage_any" // create/rotate/revoke/edit every key of the org, any environment
  | "credentials:manage_own_nonprod" // the keys one created, in development and staging only
  | "members:read"
  | "members:manage"
  | "audit:read"
  | "plan:manage"
  | "ownership:transfer";

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: [
    "credentials:read",
    "credentials:manage_any",
    "members:read",
    "members:manage",
    "audit:read",
    "plan:manage",
    "ownership:transfer",
  ],
  admin: ["credentials:read", "credentials:manage_any", "members:read", "members:manage", "audit:read"],
  developer: ["credentials:read", "credentials:manage_own_nonprod", "members:read"],
  viewer: ["credentials:read", "members:read"],
};

export function can(actor: Pick<Actor, "role">, permission: Permission): boolean {
  return ROLE_PERMISSIONS[actor.role].includes(permission);
}

export function assertCan(actor: Pick<Actor, "role">, permission: Permission): void {
  if (!can(actor, permission)) throw new AppError("forbidden", "Your role does not allow this.");
}

/** May this actor create a key in `environment`? */
export function canCreateCredential(actor: Pick<Actor, "role">, environment: Environment): boolean {
  if (can(actor, "credentials:manage_any")) return true;
  return can(actor, "credentials:manage_own_nonprod") && environment !== "production";
}

/** May this actor change (rotate, revoke, edit) this particular key? */
export function canManageCredential(
  actor: Pick<Actor, "role" | "userId">,
  credential: { environment: Environment; createdById: string | null },
): boolean {
  if (can(actor, "credentials:manage_any")) return true;
  return (
    can(actor, "credentials:manage_own_nonprod") &&
    credential.environment !== "production" &&
    credential.createdById === actor.userId
  );
}
