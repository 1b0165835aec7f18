// A role resolved before the use case ran is not trusted: the change is decided on the membership
// as it stands inside the writing transaction (SA-08).
import { describe, expect, it } from "vitest";
import { createCredential } from "@/lib/credentials/create-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { getDb } from "@/lib/db/client";
import { createMember, createOrg } from "../helpers/factories";

const createInput = (orgSlug: string) => ({
  orgSlug,
  name: "k",
  environment: "production" as const,
  scopes: ["read:agents" as const],
  expiry: { kind: "never" as const },
});

describe("role as of the transaction", () => {
  it("an admin demoted to viewer after the action resolved them can neither create nor revoke", async () => {
    const org = await createOrg();
    const admin = await createMember(org.id, "admin");
    const staleActor = {
      kind: "user" as const,
      authenticatedAt: new Date(),
      userId: admin.id,
      orgId: org.id,
      role: "admin" as const,
    };
    const key = await createCredential(staleActor, createInput(org.slug));
    await getDb().membership.updateMany({ where: { userId: admin.id, orgId: org.id }, data: { role: "viewer" } });

    await expect(createCredential(staleActor, createInput(org.slug))).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      revokeCredential(staleActor, { orgSlug: org.slug, credentialId: key.credential.id, reason: "compromised" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: key.credential.id } })).revokedAt).toBeNull();
    expect(await getDb().apiKey.count({ where: { orgId: org.id } })).toBe(1);
  });

  it("a member removed meanwhile gets not found, and nothing changes", async () => {
    const org = await createOrg();
    const owner = await createMember(org.id, "owner");
    const actor = {
      kind: "user" as const,
      authenticatedAt: new Date(),
      userId: owner.id,
      orgId: org.id,
      role: "owner" as const,
    };
    const key = await createCredential(actor, createInput(org.slug));
    await getDb().membership.deleteMany({ where: { userId: owner.id, orgId: org.id } });
    await expect(
      revokeCredential(actor, { orgSlug: org.slug, credentialId: key.credential.id, reason: "compromised" }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: key.credential.id } })).revokedAt).toBeNull();
  });
});
