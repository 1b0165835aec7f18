import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { bootstrapFirstOwner } from "@/lib/orgs/bootstrap-first-owner";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";

// The bootstrap acts only on an empty users table, so each test here empties the shared test
// database first; integration files run one at a time, so no other file is affected mid-test.
async function emptyDatabase() {
  const db = getDb();
  await db.auditEvent.deleteMany();
  await db.membership.deleteMany();
  await db.user.deleteMany();
  await db.organization.deleteMany();
}

describe("first start", () => {
  it("creates a demo organization and owner once, with a generated password that signs in", async () => {
    await emptyDatabase();
    const first = await bootstrapFirstOwner(getDb(), {});
    expect(first).toMatchObject({ created: true, email: "owner@demo.workflux.local", orgSlug: "demo" });
    const second = await bootstrapFirstOwner(getDb(), {});
    expect(second).toEqual({ created: false });

    const owner = await getDb().membership.findMany({
      select: { role: true, org: { select: { slug: true, plan: true } } },
    });
    expect(owner).toEqual([{ role: "owner", org: { slug: "demo", plan: "starter" } }]);
    const password = first.created ? first.generatedPassword : null;
    expect(password).toMatch(/^\S{20}$/);
    const signIn = await authenticateWithPassword(
      getDb(),
      { email: "owner@demo.workflux.local", password },
      { ip: "127.0.0.9", userAgent: null },
    );
    expect(signIn.ok).toBe(true);
  });

  it("uses ADMIN_EMAIL / ADMIN_PASSWORD when given and prints no password", async () => {
    await emptyDatabase();
    const result = await bootstrapFirstOwner(getDb(), {
      email: "Admin@Example.test",
      password: "chosen-admin-password",
    });
    expect(result).toEqual({ created: true, email: "admin@example.test", generatedPassword: null, orgSlug: "my-org" });
  });

  it("creates exactly one owner when several instances start at once", async () => {
    await emptyDatabase();
    const results = await Promise.all([1, 2, 3].map(() => bootstrapFirstOwner(getDb(), {})));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await getDb().user.count()).toBe(1);
  });
});
