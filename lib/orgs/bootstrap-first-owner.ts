// First start on an empty database: create an organization and its owner, once, even when several
// instances start together (a transaction-scoped advisory lock serialises them).
import type { Db } from "../db/client";
import { recordAuditEvent } from "../audit/record-audit-event";
import { generatePassword, hashPassword } from "../users/password";

const BOOTSTRAP_LOCK_ID = 7_404_201; // any constant shared by every instance

export type BootstrapResult =
  { created: false } | { created: true; email: string; generatedPassword: string | null; orgSlug: string };

export async function bootstrapFirstOwner(
  db: Db,
  admin: { email?: string; password?: string },
): Promise<BootstrapResult> {
  const password = admin.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const email = (admin.email ?? "owner@demo.workflux.local").toLowerCase();
  const orgName = admin.email ? "My Organization" : "Demo Organization";
  const orgSlug = admin.email ? "my-org" : "demo";

  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK_ID})`;
    if ((await tx.user.count()) > 0) return { created: false } as const;
    const org = await tx.organization.create({ data: { name: orgName, slug: orgSlug, plan: "starter" } });
    const user = await tx.user.create({
      data: { email, name: admin.email ? email.split("@")[0]! : "Demo Owner", passwordHash },
    });
    await tx.membership.create({ data: { userId: user.id, orgId: org.id, role: "owner" } });
    await recordAuditEvent(tx, {
      orgId: org.id,
      actorType: "system",
      actorLabel: "first start",
      action: "organization.created",
      targetType: "organization",
      targetId: org.id,
      targetLabel: org.name,
      metadata: { ownerUserId: user.id },
    });
    return { created: true, email, generatedPassword: admin.password ? null : password, orgSlug } as const;
  });
}
