// Organizations against PostgreSQL (OR-01..OR-05): creating one (any signed-in user; the slug
// rules, reserved and taken slugs, two creates racing for one slug), renaming, changing the slug
// (the old one answers 404 and is free again) and deleting (owners only, type-the-name; every key
// revoked in the same transaction and announced, so a token issued before answers 401; members
// gone; the audit log kept; the tombstone unreachable and its slug reusable), for every role.
// Only next-auth's session lookup is faked.
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { GET } from "@/app/v1/[...path]/route";
import {
  changeOrganizationSlugAction,
  createOrganizationAction,
  deleteOrganizationAction,
  renameOrganizationAction,
} from "@/lib/actions/organizations";
import { getActor, listMemberships } from "@/lib/auth/session";
import { CredentialCache, loadCredentialRecord } from "@/lib/credentials/credential-cache";
import { getDb } from "@/lib/db/client";
import { EDGE_HEADER, stampedClientIp } from "@/lib/http/client-ip";
import { createOrganization } from "@/lib/orgs/create-organization";
import { ORGANIZATION_DELETED_REASON } from "@/lib/orgs/delete-organization";
import {
  NAME_MISMATCH_MESSAGE,
  RESERVED_SLUGS,
  SLUG_RESERVED_MESSAGE,
  SLUG_SHAPE_MESSAGE,
  SLUG_TAKEN_MESSAGE,
  slugFromName,
} from "@/lib/orgs/organization-schemas";
import { LocalEvents } from "@/lib/runtime/local-events";
import { createKey, issueToken, postForm, TEST_BASE_URL } from "../helpers/api-keys";
import { POST as tokenPOST } from "@/app/v1/[...path]/route";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg, createOrgWithEveryRole, createUser, freshActor } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

afterEach(() => signInAs(null));

const uniqueSlug = (prefix = "org") => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
const orgRow = (id: string) => getDb().organization.findUniqueOrThrow({ where: { id } });
const auditOf = (orgId: string, action: string) =>
  getDb().auditEvent.findMany({ where: { orgId, action }, orderBy: { createdAt: "asc" } });
const agents = (token: string) =>
  GET(
    new Request(`${TEST_BASE_URL}/v1/agents`, {
      headers: { [EDGE_HEADER]: stampedClientIp("198.51.100.30"), authorization: `Bearer ${token}` },
    }),
  );

describe("slugFromName", () => {
  it("lowercases, drops accents and joins words with single hyphens, within 40 characters", () => {
    expect(slugFromName("  Ünïcode Café!! Team  ")).toBe("unicode-cafe-team");
    expect(slugFromName("ACME -- Inc.")).toBe("acme-inc");
    expect(slugFromName("x".repeat(39) + " y")).toBe("x".repeat(39));
    expect(slugFromName("日本")).toBe("");
  });
});

describe("createOrganizationAction", () => {
  it("lets a user in no organization create one and become its owner, with its audit event", async () => {
    const user = await createUser();
    expect(await listMemberships(user.id)).toEqual([]);
    signInAs(user);
    const name = `Rocket Labs ${crypto.randomUUID().slice(0, 6)}`;
    const result = await createOrganizationAction({ name: `  ${name}  ` });
    expect(result).toMatchObject({ ok: true, data: { name, slug: slugFromName(name) } });
    if (!result.ok) throw new Error("unreachable");
    expect(await listMemberships(user.id)).toEqual([{ orgSlug: result.data.slug, orgName: name, role: "owner" }]);
    const [created] = await auditOf(result.data.id, "organization.created");
    expect(created).toMatchObject({
      actorType: "user",
      actorId: user.id,
      targetType: "organization",
      targetId: result.data.id,
      targetLabel: name,
      metadata: { slug: result.data.slug, ownerUserId: user.id },
    });
  });

  it("uses the slug edited in the dialog, and lets a member of other organizations create one too", async () => {
    const { owner, org } = await createOrgWithEveryRole();
    signInAs(owner);
    const slug = uniqueSlug("my-team");
    expect(await createOrganizationAction({ name: "Anything", slug })).toMatchObject({ ok: true, data: { slug } });
    expect((await listMemberships(owner.id)).map((m) => m.orgSlug)).toEqual([org.slug, slug]);
  });

  it("refuses a signed-out caller", async () => {
    const slug = uniqueSlug();
    expect(await createOrganizationAction({ name: "Nope", slug })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    expect(await getDb().organization.count({ where: { slug } })).toBe(0);
  });

  it("answers a taken slug with the field error, not a 500", async () => {
    const existing = await createOrg();
    signInAs(await createUser());
    expect(await createOrganizationAction({ name: "Copy", slug: existing.slug })).toEqual({
      ok: false,
      code: "invalid_request",
      message: SLUG_TAKEN_MESSAGE,
      fieldErrors: { slug: [SLUG_TAKEN_MESSAGE] },
    });
  });

  it("refuses every reserved slug, routes of the app and pages to come, and tombstone slugs", async () => {
    signInAs(await createUser());
    for (const slug of ["api", "v1", "sign-in", "sign-up", "invite", "docs", "healthz", "readyz", "metrics"]) {
      expect(RESERVED_SLUGS.has(slug)).toBe(true);
    }
    for (const slug of ["api", "sign-up", "invite", "forgot-password", "reset-password", "verify-email", "account"]) {
      expect(await createOrganizationAction({ name: "Reserved", slug })).toMatchObject({
        ok: false,
        code: "invalid_request",
        fieldErrors: { slug: [SLUG_RESERVED_MESSAGE] },
      });
    }
    expect(await createOrganizationAction({ name: "Settings" })).toMatchObject({
      ok: false,
      fieldErrors: { slug: [SLUG_RESERVED_MESSAGE] },
    });
    expect(await createOrganizationAction({ name: "X", slug: "deleted-team" })).toMatchObject({
      ok: false,
      fieldErrors: { slug: [SLUG_RESERVED_MESSAGE] },
    });
  });

  it("refuses a malformed slug or name with field errors, writing nothing", async () => {
    const user = await createUser();
    signInAs(user);
    for (const slug of ["ab", "-abc", "abc-", "Big-Team", "has space", "a_b_c", "x".repeat(41), "ünï"]) {
      expect(await createOrganizationAction({ name: "Fine", slug })).toMatchObject({
        ok: false,
        code: "invalid_request",
        fieldErrors: { slug: [SLUG_SHAPE_MESSAGE] },
      });
    }
    // A name with nothing to derive a slug from: the slug field says so.
    expect(await createOrganizationAction({ name: "日本" })).toMatchObject({
      ok: false,
      fieldErrors: { slug: [SLUG_SHAPE_MESSAGE] },
    });
    expect(await createOrganizationAction({ name: "   ", slug: uniqueSlug() })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["Enter a name."] },
    });
    expect(await createOrganizationAction({ name: "n".repeat(65), slug: uniqueSlug() })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["Use at most 64 characters."] },
    });
    expect(await createOrganizationAction({ name: "a\u0000b", slug: uniqueSlug() })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect(await createOrganizationAction({ name: "Extra", slug: uniqueSlug(), plan: "enterprise" })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect(await listMemberships(user.id)).toEqual([]);
  });

  it("two creates racing for one slug: one wins, the other gets the field error", async () => {
    const [a, b] = [await createUser(), await createUser()];
    const slug = uniqueSlug("race");
    const results = await Promise.allSettled([
      createOrganization({ userId: a.id }, { name: "A", slug }),
      createOrganization({ userId: b.id }, { name: "B", slug }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r) => r.status === "rejected");
    expect(lost!.reason).toMatchObject({ code: "invalid_request", fieldErrors: { slug: [SLUG_TAKEN_MESSAGE] } });
    expect(await getDb().organization.count({ where: { slug } })).toBe(1);
    // The loser has no membership left behind.
    const memberships = [...(await listMemberships(a.id)), ...(await listMemberships(b.id))];
    expect(memberships).toHaveLength(1);
  });
});

describe("renameOrganizationAction", () => {
  it("lets owners and admins rename, with organization.renamed {from, to}; the slug stays", async () => {
    const { org, owner, admin } = await createOrgWithEveryRole();
    signInAs(owner);
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: " Renamed by owner " })).toMatchObject({
      ok: true,
      data: { name: "Renamed by owner", slug: org.slug },
    });
    signInAs(admin);
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: "Renamed by admin" })).toMatchObject({ ok: true });
    expect((await orgRow(org.id)).name).toBe("Renamed by admin");
    const events = await auditOf(org.id, "organization.renamed");
    expect(events.map((e) => [e.actorId, e.metadata])).toEqual([
      [owner.id, expect.objectContaining({ from: org.name, to: "Renamed by owner" })],
      [admin.id, expect.objectContaining({ from: "Renamed by owner", to: "Renamed by admin" })],
    ]);
  });

  it("refuses developers and viewers (forbidden) and non-members (not found), changing nothing", async () => {
    const { org, developer, viewer, otherOwner } = await createOrgWithEveryRole();
    for (const user of [developer, viewer]) {
      signInAs(user);
      expect(await renameOrganizationAction({ orgSlug: org.slug, name: "Hijacked" })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
    signInAs(otherOwner);
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: "Hijacked" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await orgRow(org.id)).name).toBe(org.name);
    expect(await auditOf(org.id, "organization.renamed")).toEqual([]);
  });

  it("refuses an empty or too long name", async () => {
    const { org, owner } = await createOrgWithEveryRole();
    signInAs(owner);
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: " " })).toMatchObject({
      ok: false,
      fieldErrors: { name: ["Enter a name."] },
    });
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: "n".repeat(65) })).toMatchObject({ ok: false });
    expect((await orgRow(org.id)).name).toBe(org.name);
  });
});

describe("changeOrganizationSlugAction", () => {
  it("lets an owner change the slug: the old one answers not found at once and is free to take", async () => {
    const { org, owner } = await createOrgWithEveryRole();
    signInAs(owner);
    const slug = uniqueSlug("moved");
    expect(await changeOrganizationSlugAction({ orgSlug: org.slug, slug })).toMatchObject({
      ok: true,
      data: { id: org.id, slug },
    });
    expect(await getActor(org.slug)).toBeNull();
    expect(await getActor(slug)).toMatchObject({ orgId: org.id, role: "owner" });
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: "Old link" })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    const [event] = await auditOf(org.id, "organization.slug_changed");
    expect(event).toMatchObject({ actorId: owner.id, metadata: { from: org.slug, to: slug } });
    // Someone else may now take the old slug.
    signInAs(await createUser());
    expect(await createOrganizationAction({ name: "Newcomer", slug: org.slug })).toMatchObject({ ok: true });
  });

  it("refuses admins, developers and viewers (forbidden) and non-members (not found)", async () => {
    const { org, admin, developer, viewer, otherOwner } = await createOrgWithEveryRole();
    for (const user of [admin, developer, viewer]) {
      signInAs(user);
      expect(await changeOrganizationSlugAction({ orgSlug: org.slug, slug: uniqueSlug() })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
    signInAs(otherOwner);
    expect(await changeOrganizationSlugAction({ orgSlug: org.slug, slug: uniqueSlug() })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    expect((await orgRow(org.id)).slug).toBe(org.slug);
  });

  it("answers a taken, reserved or malformed slug with its field error", async () => {
    const { org, owner, otherOrg } = await createOrgWithEveryRole();
    signInAs(owner);
    expect(await changeOrganizationSlugAction({ orgSlug: org.slug, slug: otherOrg.slug })).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { slug: [SLUG_TAKEN_MESSAGE] },
    });
    expect(await changeOrganizationSlugAction({ orgSlug: org.slug, slug: "docs" })).toMatchObject({
      fieldErrors: { slug: [SLUG_RESERVED_MESSAGE] },
    });
    expect(await changeOrganizationSlugAction({ orgSlug: org.slug, slug: "No Good" })).toMatchObject({
      fieldErrors: { slug: [SLUG_SHAPE_MESSAGE] },
    });
    expect((await orgRow(org.id)).slug).toBe(org.slug);
  });
});

describe("deleteOrganizationAction", () => {
  it("refuses admins, developers and viewers (forbidden), non-members (not found) and a name that differs", async () => {
    const { org, owner, admin, developer, viewer, otherOwner } = await createOrgWithEveryRole();
    const key = await createKey(org.id);
    for (const user of [admin, developer, viewer]) {
      signInAs(user);
      expect(await deleteOrganizationAction({ orgSlug: org.slug, confirmName: org.name })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
    signInAs(otherOwner);
    expect(await deleteOrganizationAction({ orgSlug: org.slug, confirmName: org.name })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    signInAs(owner);
    for (const confirmName of [org.name.toLowerCase(), ` ${org.name}`, `${org.name} `, ""]) {
      expect(await deleteOrganizationAction({ orgSlug: org.slug, confirmName })).toEqual({
        ok: false,
        code: "invalid_request",
        message: NAME_MISMATCH_MESSAGE,
        fieldErrors: { confirmName: [NAME_MISMATCH_MESSAGE] },
      });
    }
    expect(await orgRow(org.id)).toMatchObject({ deletedAt: null, slug: org.slug });
    expect(await getDb().membership.count({ where: { orgId: org.id } })).toBe(4);
    expect((await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).toBeNull();
  });

  it("revokes every key, announces it, removes the members, keeps the audit log and frees the slug", async () => {
    const { org, owner, developer } = await createOrgWithEveryRole();
    const production = await createKey(org.id, { scopes: ["read:agents"] });
    const development = await createKey(org.id, { scopes: ["read:agents"], environment: "development" });
    const alreadyRevoked = await createKey(org.id);
    await getDb().apiKey.update({
      where: { id: alreadyRevoked.id },
      data: { revokedAt: new Date("2026-01-01T00:00:00Z"), revokedReason: "compromised" },
    });
    const tokens = [await issueToken(production), await issueToken(development)];
    for (const token of tokens) expect((await agents(token)).status).toBe(200);
    const untouched = await createKey((await createOrg()).id, { scopes: ["read:agents"] });
    const untouchedToken = await issueToken(untouched);
    await getDb().agent.create({ data: { orgId: org.id, environment: "production", name: "doomed" } });

    const announced: string[] = [];
    const listener = (clientId: string) => announced.push(clientId);
    testRuntime().events.on("credentialChanged", listener);
    signInAs(owner);
    try {
      expect(await deleteOrganizationAction({ orgSlug: org.slug, confirmName: org.name })).toEqual({
        ok: true,
        data: { name: org.name, keysRevoked: 2 },
      });
    } finally {
      testRuntime().events.off("credentialChanged", listener);
    }

    // Every token issued before the deletion is refused at once; the secrets no longer get tokens.
    for (const token of tokens) expect((await agents(token)).status).toBe(401);
    const tokenAttempt = await postForm(tokenPOST, "/v1/auth/token", {
      grant_type: "client_credentials",
      client_id: production.clientId,
      client_secret: production.clientSecret,
    });
    expect(tokenAttempt.status).toBe(401);
    // Another organization's key is not touched.
    expect((await agents(untouchedToken)).status).toBe(200);

    expect(announced.sort()).toEqual([production.clientId, development.clientId].sort());
    const keys = await getDb().apiKey.findMany({ where: { orgId: org.id }, orderBy: { id: "asc" } });
    for (const key of keys.filter((k) => k.id !== alreadyRevoked.id)) {
      expect(key).toMatchObject({ revokedReason: ORGANIZATION_DELETED_REASON, revokedById: owner.id });
      expect(key.revokedAt).toBeInstanceOf(Date);
      expect(key.tokensValidAfter).toBeInstanceOf(Date);
    }
    expect(keys.find((k) => k.id === alreadyRevoked.id)).toMatchObject({ revokedReason: "compromised" });

    expect(await getDb().membership.count({ where: { orgId: org.id } })).toBe(0);
    expect(await getDb().agent.count({ where: { orgId: org.id } })).toBe(0);
    expect(await listMemberships(owner.id)).toEqual([]);
    expect(await listMemberships(developer.id)).toEqual([]);

    const tombstone = await orgRow(org.id);
    expect(tombstone).toMatchObject({ name: org.name, slug: `deleted-${org.id}` });
    expect(tombstone.deletedAt).toBeInstanceOf(Date);
    // The audit log stays for the operator.
    expect(await auditOf(org.id, "credential.revoked")).toHaveLength(2);
    const [deleted] = await auditOf(org.id, "organization.deleted");
    expect(deleted).toMatchObject({
      actorId: owner.id,
      targetId: org.id,
      targetLabel: org.name,
      metadata: { slug: org.slug, keysRevoked: 2, membersRemoved: 4 },
    });

    // The old slug is gone, and free for a new organization of someone else.
    expect(await getActor(org.slug)).toBeNull();
    expect(await renameOrganizationAction({ orgSlug: org.slug, name: "Back" })).toMatchObject({ code: "not_found" });
    signInAs(await createUser());
    expect(await createOrganizationAction({ name: "Reborn", slug: org.slug })).toMatchObject({ ok: true });
    expect((await orgRow(org.id)).slug).toBe(`deleted-${org.id}`);
  });

  it("a second deletion of the same organization finds nothing", async () => {
    const org = await createOrg();
    const owner = await createMember(org.id, "owner");
    const { deleteOrganization } = await import("@/lib/orgs/delete-organization");
    await deleteOrganization(freshActor(owner.id, org.id, "owner"), { confirmName: org.name });
    await expect(
      deleteOrganization(freshActor(owner.id, org.id, "owner"), { confirmName: org.name }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});

describe.skipIf(inject("databaseEmbedded"))("deleting an organization, seen from another instance", () => {
  it("drops the keys from another instance's credential cache through NOTIFY", async () => {
    const cache = new CredentialCache({
      loadRecord: (clientId) => loadCredentialRecord(getDb(), clientId),
      events: new LocalEvents(),
      log: testRuntime().log,
      listenUrl: inject("databaseUrl"),
    });
    try {
      await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(true);
      const org = await createOrg();
      const owner = await createMember(org.id, "owner");
      const key = await createKey(org.id);
      expect((await cache.get(key.clientId))?.revokedAt).toBeNull();
      signInAs(owner);
      expect(await deleteOrganizationAction({ orgSlug: org.slug, confirmName: org.name })).toMatchObject({ ok: true });
      await expect.poll(async () => cache.get(key.clientId), { timeout: 1000, interval: 20 }).toBeNull();
    } finally {
      await cache.stop();
    }
  });
});
