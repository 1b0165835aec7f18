// LG-01: a refused server action leaves one `access.denied` audit row (outcome "denied",
// the user, the organization when the user is a member, the reason and the slug asked for, never
// the input), and the caller's answer is exactly what it was without the record.
import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { revokeCredentialAction } from "@/lib/actions/credentials";
import { removeMemberAction } from "@/lib/actions/members";
import { createCredential } from "@/lib/credentials/create-credential";
import { getDb } from "@/lib/db/client";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
let owner: Member, viewer: Member, developer: Member, otherOwner: Member;
let prodKeyId: string;

const NOTE = "note-that-must-not-be-audited";

beforeAll(async () => {
  org = await createOrg();
  otherOrg = await createOrg();
  owner = await createMember(org.id, "owner");
  viewer = await createMember(org.id, "viewer");
  developer = await createMember(org.id, "developer");
  otherOwner = await createMember(otherOrg.id, "owner");
  const { credential } = await createCredential(
    { kind: "user" as const, authenticatedAt: new Date(), userId: owner.id, orgId: org.id, role: "owner" },
    {
      orgSlug: org.slug,
      name: "Prod API",
      environment: "production",
      scopes: ["read:agents"],
      expiry: { kind: "never" },
    },
  );
  prodKeyId = credential.id;
});

afterEach(() => signInAs(null));

const deniedRowsOf = (userId: string) =>
  getDb().auditEvent.findMany({ where: { actorId: userId, outcome: "denied" }, orderBy: { createdAt: "asc" } });

const revoke = (orgSlug: string) =>
  revokeCredentialAction({ orgSlug, credentialId: prodKeyId, reason: "other", note: NOTE });

describe("denied server actions are audited", () => {
  it("a viewer's refused revoke: forbidden as before, one denied row in the organization", async () => {
    signInAs(viewer);
    expect(await revoke(org.slug)).toEqual({
      ok: false,
      code: "forbidden",
      message: "Your role cannot change this API key.",
    });
    const rows = await deniedRowsOf(viewer.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orgId: org.id,
      actorType: "user",
      actorId: viewer.id,
      action: "access.denied",
      outcome: "denied",
      targetType: null,
      targetId: null,
      metadata: { reason: "forbidden", orgSlug: org.slug },
    });
    expect(JSON.stringify(rows)).not.toContain(NOTE);
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: prodKeyId } })).revokedAt).toBeNull();
  });

  it("a developer's refused revoke of a production key is audited the same way", async () => {
    signInAs(developer);
    expect(await revoke(org.slug)).toMatchObject({ ok: false, code: "forbidden" });
    expect((await deniedRowsOf(developer.id)).map((row) => [row.orgId, row.metadata])).toEqual([
      [org.id, { reason: "forbidden", orgSlug: org.slug }],
    ]);
  });

  it("another organization's slug: not found as before, one denied row without an organization", async () => {
    signInAs(otherOwner);
    expect(await revoke(org.slug)).toEqual({ ok: false, code: "not_found", message: "Not found." });
    const rows = await deniedRowsOf(otherOwner.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      orgId: null,
      actorType: "user",
      actorId: otherOwner.id,
      action: "access.denied",
      outcome: "denied",
      metadata: { reason: "not_member", orgSlug: org.slug },
    });
    expect(JSON.stringify(rows)).not.toContain(NOTE);
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: prodKeyId } })).revokedAt).toBeNull();
  });

  it("another organization's key or member id under the caller's own slug: not found, one denied row in the caller's organization", async () => {
    signInAs(otherOwner);
    expect(await revoke(otherOrg.slug)).toEqual({
      ok: false,
      code: "not_found",
      message: "This API key does not exist.",
    });
    const viewerMembership = await getDb().membership.findFirstOrThrow({ where: { userId: viewer.id, orgId: org.id } });
    expect(await removeMemberAction({ orgSlug: otherOrg.slug, memberId: viewerMembership.id })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    const rows = (await deniedRowsOf(otherOwner.id)).filter((row) => row.orgId === otherOrg.id);
    expect(rows.map((row) => [row.orgId, row.targetType, row.targetId, row.metadata])).toEqual([
      [otherOrg.id, "api_key", prodKeyId, { reason: "other_organization", orgSlug: otherOrg.slug }],
      [otherOrg.id, "membership", viewerMembership.id, { reason: "other_organization", orgSlug: otherOrg.slug }],
    ]);
    expect(JSON.stringify(rows)).not.toContain(NOTE);
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: prodKeyId } })).revokedAt).toBeNull();
    expect(await getDb().membership.count({ where: { id: viewerMembership.id } })).toBe(1);

    // An id that exists nowhere is an ordinary not found: no row.
    const before = (await deniedRowsOf(otherOwner.id)).length;
    expect(
      await revokeCredentialAction({ orgSlug: otherOrg.slug, credentialId: randomUUID(), reason: "other", note: NOTE }),
    ).toMatchObject({ ok: false, code: "not_found" });
    expect(await deniedRowsOf(otherOwner.id)).toHaveLength(before);
  });

  it("an unknown or malformed slug is recorded as asked, or as invalid; the answer is unchanged", async () => {
    const stranger = await createMember((await createOrg()).id, "owner");
    signInAs(stranger);
    expect(await revoke("no-such-org")).toEqual({ ok: false, code: "not_found", message: "Not found." });
    expect(await revoke("Not A Slug\u0000")).toEqual({ ok: false, code: "not_found", message: "Not found." });
    expect((await deniedRowsOf(stranger.id)).map((row) => row.metadata)).toEqual([
      { reason: "not_member", orgSlug: "no-such-org" },
      { reason: "not_member", orgSlug: "invalid" },
    ]);
  });

  it("a permitted action and a signed-out caller leave no denied row", async () => {
    signInAs(null);
    expect(await revoke(org.slug)).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(owner);
    expect(await revoke(org.slug)).toMatchObject({ ok: true });
    expect(await deniedRowsOf(owner.id)).toEqual([]);
  });
});
