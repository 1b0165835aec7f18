// Who is acting. Every use case takes an Actor and decides with `can` (permissions.ts) what it may
// do: a dashboard user in one organization (its role), or an API client through an access token of
// one credential (its scopes; the organization and environment come from the token, PA-06).
import type { Environment, Plan, Role } from "../db/enums";

/**
 * A signed-in dashboard user acting in one organization, with the role they hold there, and when
 * their session last presented a credential (sudo mode, SS-03): unknown counts as long ago.
 */
export type UserActor = { kind: "user"; userId: string; orgId: string; role: Role; authenticatedAt?: Date };

/**
 * An API client acting through a verified access token: the credential's organization and
 * environment are fixed, `scopes` are the effective ones (the token's ∩ the credential's current).
 */
export type CredentialActor = {
  kind: "credential";
  credentialId: string;
  clientId: string;
  orgId: string;
  environment: Environment;
  plan: Plan;
  scopes: readonly string[];
};

export type Actor = UserActor | CredentialActor;

/** What a browser component knows of the signed-in user: enough to hide what would be refused. */
export type Viewer = Pick<UserActor, "kind" | "userId" | "role">;

export const userActor = (userId: string, orgId: string, role: Role): UserActor => ({
  kind: "user",
  userId,
  orgId,
  role,
});

/** The `where` fragment every query over environment-partitioned data of a credential carries. */
export const dataScope = (actor: CredentialActor) => ({ orgId: actor.orgId, environment: actor.environment });
