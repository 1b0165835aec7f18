// Settings > Members server actions against PostgreSQL (SA-08, LG-01):
// happy path, no session, wrong role, another organization's member (not found, unchanged),
// invalid input, and the last-owner rules, including two owners demoting each other at once.
// Only next-auth's session lookup is faked.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { changeMemberRoleAction, removeMemberAction } from "@/lib/actions/members";
import { getDb } from "@/lib/db/client";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { LAST_OWNER_MESSAGE } from "@/lib/orgs/member-rules";
import { removeMember } from "@/lib/orgs/remove-member";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg, createOrgWithEveryRole } from "../helpers/factories";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
let owner: Member, admin: Member, developer: Member, viewer: Member, otherOwner: Member;

const membershipOf = (userId: string, orgId: string) =>
  getDb().membership.findUnique({ where: { userId_orgId: { userId, orgId } } });
const memberIdOf = async (user: { id: string }, orgId = org.id) => (await membershipOf(user.id, orgId))!.id;
const auditFor = (userId: string, action: string) =>
  getDb().auditEvent.findMany({
    where: { targetType: "user", targetId: userId, action },
    orderBy: { createdAt: "asc" },
  });

beforeAll(async () => {
  ({ org, otherOrg, owner, admin, developer, viewer, otherOwner } = await createOrgWithEveryRole());
});

afterEach(() => signInAs(null));

describe("changeMemberRoleAction", () => {
  it("lets an owner change a role, in one transaction with its audit event", async () => {
    const target = await createMember(org.id, "viewer");
    signInAs(owner);
    const result = await changeMemberRoleAction({
      orgSlug: org.slug,
      memberId: await memberIdOf(target),
      role: "developer",
    });
    expect(result).toMatchObject({ ok: true, data: { userId: target.id, role: "developer", email: target.email } });
    expect((await membershipOf(target.id, org.id))!.role).toBe("developer");
    const audit = await auditFor(target.id, "member.role_changed");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      orgId: org.id,
      actorId: owner.id,
      outcome: "success",
      metadata: { from: "viewer", to: "developer" },
    });
  });

  it("lets an admin manage admin/developer/viewer but not grant or take away owner", async () => {
    const target = await createMember(org.id, "developer");
    const id = await memberIdOf(target);
    signInAs(admin);
    expect(await changeMemberRoleAction({ orgSlug: org.slug, memberId: id, role: "admin" })).toMatchObject({
      ok: true,
    });
    expect(await changeMemberRoleAction({ orgSlug: org.slug, memberId: id, role: "owner" })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(
      await changeMemberRoleAction({ orgSlug: org.slug, memberId: await memberIdOf(owner), role: "viewer" }),
    ).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await membershipOf(target.id, org.id))!.role).toBe("admin");
    expect((await membershipOf(owner.id, org.id))!.role).toBe("owner");
  });

  it("refuses a signed-out caller before looking at the input", async () => {
    expect(
      await changeMemberRoleAction({ orgSlug: org.slug, memberId: await memberIdOf(viewer), role: "admin" }),
    ).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect(await changeMemberRoleAction({ nonsense: true })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect((await membershipOf(viewer.id, org.id))!.role).toBe("viewer");
  });

  it("refuses developers and viewers and audits the refusal", async () => {
    for (const as of [developer, viewer]) {
      signInAs(as);
      expect(
        await changeMemberRoleAction({ orgSlug: org.slug, memberId: await memberIdOf(viewer), role: "admin" }),
      ).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
    expect((await membershipOf(viewer.id, org.id))!.role).toBe("viewer");
    const denied = await getDb().auditEvent.count({
      where: { orgId: org.id, action: "access.denied", actorId: developer.id },
    });
    expect(denied).toBeGreaterThan(0);
  });

  it("answers not found for another organization's member and changes nothing", async () => {
    signInAs(owner);
    const foreign = await memberIdOf(otherOwner, otherOrg.id);
    expect(await changeMemberRoleAction({ orgSlug: org.slug, memberId: foreign, role: "viewer" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await changeMemberRoleAction({ orgSlug: otherOrg.slug, memberId: foreign, role: "viewer" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await membershipOf(otherOwner.id, otherOrg.id))!.role).toBe("owner");
    expect(await auditFor(otherOwner.id, "member.role_changed")).toHaveLength(0);
  });

  it("refuses invalid input with field errors", async () => {
    signInAs(owner);
    const id = await memberIdOf(viewer);
    expect(await changeMemberRoleAction({ orgSlug: org.slug, memberId: id, role: "superuser" })).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { role: ["Choose a role."] },
    });
    expect(await changeMemberRoleAction({ orgSlug: org.slug, memberId: "not-a-uuid", role: "admin" })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect(
      await changeMemberRoleAction({ orgSlug: org.slug, memberId: id, role: "admin", orgId: otherOrg.id }),
    ).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect((await membershipOf(viewer.id, org.id))!.role).toBe("viewer");
  });
});

describe("last owner", () => {
  it("cannot be demoted, removed, or leave", async () => {
    const solo = await createOrg();
    const only = await createMember(solo.id, "owner");
    const id = await memberIdOf(only, solo.id);
    signInAs(only);
    expect(await changeMemberRoleAction({ orgSlug: solo.slug, memberId: id, role: "admin" })).toMatchObject({
      ok: false,
      code: "conflict",
      message: LAST_OWNER_MESSAGE,
    });
    expect(await removeMemberAction({ orgSlug: solo.slug, memberId: id })).toMatchObject({
      ok: false,
      code: "conflict",
      message: LAST_OWNER_MESSAGE,
    });
    expect((await membershipOf(only.id, solo.id))!.role).toBe("owner");
    expect(await getDb().auditEvent.count({ where: { orgId: solo.id, action: { startsWith: "member." } } })).toBe(0);
  });

  it("lets one of two owners step down, then refuses the other", async () => {
    const duo = await createOrg();
    const a = await createMember(duo.id, "owner");
    const b = await createMember(duo.id, "owner");
    signInAs(a);
    expect(
      await changeMemberRoleAction({ orgSlug: duo.slug, memberId: await memberIdOf(a, duo.id), role: "admin" }),
    ).toMatchObject({ ok: true });
    signInAs(b);
    expect(await removeMemberAction({ orgSlug: duo.slug, memberId: await memberIdOf(b, duo.id) })).toMatchObject({
      ok: false,
      code: "conflict",
    });
    expect(await getDb().membership.count({ where: { orgId: duo.id, role: "owner" } })).toBe(1);
  });

  it("two owners demoting each other concurrently leave at least one owner", async () => {
    for (let round = 0; round < 3; round++) {
      const duo = await createOrg();
      const a = await createMember(duo.id, "owner");
      const b = await createMember(duo.id, "owner");
      const [aId, bId] = [await memberIdOf(a, duo.id), await memberIdOf(b, duo.id)];
      const asA = {
        kind: "user" as const,
        authenticatedAt: new Date(),
        userId: a.id,
        orgId: duo.id,
        role: "owner" as const,
      };
      const asB = {
        kind: "user" as const,
        authenticatedAt: new Date(),
        userId: b.id,
        orgId: duo.id,
        role: "owner" as const,
      };
      const results = await Promise.allSettled([
        changeMemberRole(asA, { memberId: bId, role: "developer" }),
        changeMemberRole(asB, { memberId: aId, role: "developer" }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(await getDb().membership.count({ where: { orgId: duo.id, role: "owner" } })).toBe(1);
      expect(await getDb().auditEvent.count({ where: { orgId: duo.id, action: "member.role_changed" } })).toBe(1);
    }
  });

  it("two owners removing each other concurrently leave at least one owner", async () => {
    const duo = await createOrg();
    const a = await createMember(duo.id, "owner");
    const b = await createMember(duo.id, "owner");
    const [aId, bId] = [await memberIdOf(a, duo.id), await memberIdOf(b, duo.id)];
    await Promise.allSettled([
      removeMember(
        { kind: "user" as const, authenticatedAt: new Date(), userId: a.id, orgId: duo.id, role: "owner" },
        { memberId: bId },
      ),
      removeMember(
        { kind: "user" as const, authenticatedAt: new Date(), userId: b.id, orgId: duo.id, role: "owner" },
        { memberId: aId },
      ),
    ]);
    expect(await getDb().membership.count({ where: { orgId: duo.id, role: "owner" } })).toBe(1);
  });
});

describe("role as of the transaction", () => {
  it("decides on the caller's current role, not the one resolved before", async () => {
    const demoted = await createMember(org.id, "viewer");
    const target = await createMember(org.id, "developer");
    const stale = {
      kind: "user" as const,
      authenticatedAt: new Date(),
      userId: demoted.id,
      orgId: org.id,
      role: "admin" as const,
    };
    await expect(changeMemberRole(stale, { memberId: await memberIdOf(target), role: "viewer" })).rejects.toMatchObject(
      { code: "forbidden" },
    );
    await expect(removeMember(stale, { memberId: await memberIdOf(target) })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await membershipOf(target.id, org.id))!.role).toBe("developer");
    const gone = {
      kind: "user" as const,
      authenticatedAt: new Date(),
      userId: otherOwner.id,
      orgId: org.id,
      role: "owner" as const,
    };
    await expect(removeMember(gone, { memberId: await memberIdOf(target) })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await membershipOf(target.id, org.id)).not.toBeNull();
  });

  it("two admins demoting each other at once both finish", async () => {
    const a = await createMember(org.id, "admin");
    const b = await createMember(org.id, "admin");
    const [aId, bId] = [await memberIdOf(a), await memberIdOf(b)];
    const results = await Promise.allSettled([
      changeMemberRole(
        { kind: "user" as const, authenticatedAt: new Date(), userId: a.id, orgId: org.id, role: "admin" },
        { memberId: bId, role: "viewer" },
      ),
      changeMemberRole(
        { kind: "user" as const, authenticatedAt: new Date(), userId: b.id, orgId: org.id, role: "admin" },
        { memberId: aId, role: "viewer" },
      ),
    ]);
    // One wins; the other then holds viewer and is refused. Never a deadlock or an internal error.
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "forbidden" });
  });
});

describe("removeMemberAction", () => {
  it("removes a member with its audit event; the removed user is out on the next request", async () => {
    const target = await createMember(org.id, "developer");
    signInAs(admin);
    expect(await removeMemberAction({ orgSlug: org.slug, memberId: await memberIdOf(target) })).toMatchObject({
      ok: true,
    });
    expect(await membershipOf(target.id, org.id)).toBeNull();
    const audit = await auditFor(target.id, "member.removed");
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      orgId: org.id,
      actorId: admin.id,
      metadata: { role: "developer", email: target.email },
    });
    signInAs(target);
    expect(await removeMemberAction({ orgSlug: org.slug, memberId: await memberIdOf(viewer) })).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });

  it("refuses signed-out callers, developers, viewers, and admins removing an owner", async () => {
    const id = await memberIdOf(viewer);
    expect(await removeMemberAction({ orgSlug: org.slug, memberId: id })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    for (const as of [developer, viewer]) {
      signInAs(as);
      expect(await removeMemberAction({ orgSlug: org.slug, memberId: id })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
    signInAs(admin);
    expect(await removeMemberAction({ orgSlug: org.slug, memberId: await memberIdOf(owner) })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(await membershipOf(viewer.id, org.id)).not.toBeNull();
    expect(await membershipOf(owner.id, org.id)).not.toBeNull();
  });

  it("answers not found for another organization's member and invalid input for a bad id", async () => {
    signInAs(owner);
    expect(
      await removeMemberAction({ orgSlug: org.slug, memberId: await memberIdOf(otherOwner, otherOrg.id) }),
    ).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect(await membershipOf(otherOwner.id, otherOrg.id)).not.toBeNull();
    expect(await removeMemberAction({ orgSlug: org.slug, memberId: "x" })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect(await removeMemberAction({ orgSlug: org.slug })).toMatchObject({ ok: false, code: "invalid_request" });
  });
});
