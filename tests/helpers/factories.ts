// Each integration test builds its own organization and users, so tests never see each other's rows.
import { randomUUID } from "node:crypto";
import { getDb } from "@/lib/db/client";
import type { Plan, Role } from "@/lib/db/generated/enums";
import { userActor, type UserActor } from "@/lib/authz/actor";
import { hashPassword } from "@/lib/users/password";

const unique = () => randomUUID().slice(0, 8);

export async function createOrg(overrides: { name?: string; plan?: Plan } = {}) {
  const suffix = unique();
  return getDb().organization.create({
    data: { name: overrides.name ?? `Org ${suffix}`, slug: `org-${suffix}`, plan: overrides.plan ?? "starter" },
  });
}

export async function createUser(overrides: { email?: string; password?: string; name?: string } = {}) {
  const password = overrides.password ?? "test-password-123";
  const user = await getDb().user.create({
    data: {
      email: overrides.email ?? `user-${unique()}@example.test`,
      name: overrides.name ?? "Test User",
      passwordHash: await hashPassword(password),
    },
  });
  return { ...user, password };
}

export async function createMember(orgId: string, role: Role, overrides: { email?: string; password?: string } = {}) {
  const user = await createUser(overrides);
  await getDb().membership.create({ data: { orgId, userId: user.id, role } });
  return user;
}

/** An organization with a member in every role, and another organization with its own owner. */
export async function createOrgWithEveryRole() {
  const org = await createOrg();
  const otherOrg = await createOrg();
  return {
    org,
    otherOrg,
    owner: await createMember(org.id, "owner"),
    admin: await createMember(org.id, "admin"),
    developer: await createMember(org.id, "developer"),
    viewer: await createMember(org.id, "viewer"),
    otherOwner: await createMember(otherOrg.id, "owner"),
  };
}

/** A dashboard user's actor whose session signed in just now (inside the sudo window, SS-03). */
export const freshActor = (userId: string, orgId: string, role: Role): UserActor => ({
  ...userActor(userId, orgId, role),
  authenticatedAt: new Date(),
});
