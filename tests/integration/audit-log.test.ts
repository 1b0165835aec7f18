// Settings > Audit log data (LG-02): owners and admins read their organization's events,
// newest first in keyset pages, filtered by action prefix and actor; developers and viewers are
// refused; another organization's events never appear.
import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_ACTION_LIST } from "@/lib/audit/audit-actions";
import { AuditLogQuery, listAuditEvents } from "@/lib/audit/list-audit-events";
import { createCredential } from "@/lib/credentials/create-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { updateCredential } from "@/lib/credentials/update-credential";
import { getDb } from "@/lib/db/client";
import { removeMember } from "@/lib/orgs/remove-member";
import type { Role } from "@/lib/db/generated/enums";
import { createMember, createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
const members = {} as Record<Role, Member>;

/** The `n` each seeded event carries in its metadata, as the Details column shows it. */
const n = (event: { details: Array<{ label: string; value: string }> }) =>
  Number(event.details.find((detail) => detail.label === "n")?.value);

const actorOf = (role: Role) => ({
  kind: "user" as const,
  authenticatedAt: new Date(),
  userId: members[role].id,
  orgId: org.id,
  role,
});

beforeAll(async () => {
  org = await createOrg();
  otherOrg = await createOrg();
  for (const role of ["owner", "admin", "developer", "viewer"] as const)
    members[role] = await createMember(org.id, role);
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  for (let i = 0; i < 5; i++) {
    await getDb().auditEvent.create({
      data: {
        orgId: org.id,
        actorType: "user",
        actorId: (i % 2 ? members.admin : members.owner).id,
        action: i % 2 ? "member.role_changed" : "credential.created",
        targetType: "user",
        targetId: members.viewer.id,
        ip: "203.0.113.5",
        metadata: { n: i },
        createdAt: new Date(base + i * 1000),
      },
    });
  }
  await getDb().auditEvent.create({
    data: {
      orgId: otherOrg.id,
      actorType: "user",
      actorId: members.owner.id,
      action: "member.removed",
      metadata: { foreign: true },
    },
  });
});

describe("listAuditEvents", () => {
  it("shows owners and admins their organization's events newest first, never another's", async () => {
    for (const role of ["owner", "admin"] as const) {
      const page = await listAuditEvents(actorOf(role), {});
      expect(page.items.map(n)).toEqual([4, 3, 2, 1, 0]);
      expect(page.items.some((e) => e.details.some((detail) => detail.label === "foreign"))).toBe(false);
      expect(page.items[0]).toMatchObject({
        action: "credential.created",
        actor: { type: "user", id: members.owner.id, label: members.owner.email },
        target: { type: "user", id: members.viewer.id },
        ip: "203.0.113.5",
        outcome: "success",
      });
      expect(page.nextCursor).toBeNull();
    }
  });

  it("pages with a keyset cursor", async () => {
    const first = await listAuditEvents(actorOf("admin"), {}, { pageSize: 2 });
    expect(first.items.map(n)).toEqual([4, 3]);
    const second = await listAuditEvents(actorOf("admin"), { cursor: first.nextCursor! }, { pageSize: 2 });
    expect(second.items.map(n)).toEqual([2, 1]);
    const third = await listAuditEvents(actorOf("admin"), { cursor: second.nextCursor! }, { pageSize: 2 });
    expect(third.items.map(n)).toEqual([0]);
    expect(third.nextCursor).toBeNull();
    // An unreadable cursor starts over.
    expect((await listAuditEvents(actorOf("admin"), { cursor: "garbage" })).items).toHaveLength(5);
  });

  it("filters by an area's events, by one event type and by actor", async () => {
    const byArea = await listAuditEvents(actorOf("owner"), AuditLogQuery.parse({ action: "member." }));
    expect(byArea.items.map((e) => e.action)).toEqual(["member.role_changed", "member.role_changed"]);
    const byAction = await listAuditEvents(actorOf("owner"), AuditLogQuery.parse({ action: "credential.created" }));
    expect(byAction.items.map(n)).toEqual([4, 2, 0]);
    const byActor = await listAuditEvents(actorOf("owner"), { actor: members.owner.id });
    expect(byActor.items.map(n)).toEqual([4, 2, 0]);
  });

  it("accepts only the event types that exist: anything else is no filter", () => {
    for (const action of ["%", "member_", "member.role_", "member.promoted", "credential.created "])
      expect(AuditLogQuery.parse({ action }).action).toBeUndefined();
    for (const action of AUDIT_ACTION_LIST) expect(AuditLogQuery.parse({ action }).action).toBe(action);
    expect(AuditLogQuery.parse({ action: "credential." }).action).toBe("credential.");
  });

  it("matches one event type exactly, not every action that starts like it", async () => {
    const at = new Date("2026-01-02T00:00:00.000Z");
    for (const action of ["user.sign_in", "user.sign_in_failed"] as const)
      await getDb().auditEvent.create({ data: { orgId: org.id, actorType: "user", action, createdAt: at } });
    const signIns = await listAuditEvents(actorOf("owner"), AuditLogQuery.parse({ action: "user.sign_in" }));
    expect(signIns.items.map((e) => e.action)).toEqual(["user.sign_in"]);
    const area = await listAuditEvents(actorOf("owner"), AuditLogQuery.parse({ action: "user." }));
    expect(area.items.map((e) => e.action).sort()).toEqual(["user.sign_in", "user.sign_in_failed"]);
  });

  it("refuses developers and viewers", async () => {
    for (const role of ["developer", "viewer"] as const) {
      await expect(listAuditEvents(actorOf(role), {})).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});

describe("target labels", () => {
  it("keep the key's name as it was when each event was written, after a rename", async () => {
    const owner = actorOf("owner");
    const { credential } = await createCredential(owner, {
      orgSlug: org.slug,
      name: "Billing export",
      environment: "staging",
      scopes: ["read:agents"],
      expiry: { kind: "never" },
    });
    const input = { orgSlug: org.slug, credentialId: credential.id };
    await updateCredential(owner, { ...input, name: "Invoices export" });
    await updateCredential(owner, { ...input, name: "Finance export" });
    await revokeCredential(owner, { ...input, reason: "replaced" });

    const page = await listAuditEvents(owner, { action: "credential." });
    const ofKey = page.items.filter((event) => event.target?.id === credential.id);
    expect(ofKey.map((event) => [event.action, event.target?.label])).toEqual([
      ["credential.revoked", "Finance export"],
      ["credential.updated", "Finance export"],
      ["credential.updated", "Invoices export"],
      ["credential.created", "Billing export"],
    ]);
    expect(ofKey.every((event) => event.target?.type === "api_key")).toBe(true);
  });

  it("an actor's change is timed by the use case's clock, so a key's revokedAt and its event agree", async () => {
    const owner = actorOf("owner");
    const earlier = new Date("2026-02-03T04:05:06.789Z");
    const { credential } = await createCredential(
      owner,
      {
        orgSlug: org.slug,
        name: "Backdated",
        environment: "staging",
        scopes: ["read:agents"],
        expiry: { kind: "never" },
      },
      { now: earlier },
    );
    const revoked = await revokeCredential(
      owner,
      { orgSlug: org.slug, credentialId: credential.id, reason: "replaced" },
      { now: earlier },
    );
    const events = await getDb().auditEvent.findMany({
      where: { targetId: credential.id },
      select: { createdAt: true },
    });
    expect(events.map((event) => event.createdAt)).toEqual([earlier, earlier]);
    expect(revoked.revoked?.at).toBe(earlier.toISOString());
  });

  it("keep a removed member's name after the user renames themselves", async () => {
    const leaving = await createMember(org.id, "developer");
    await getDb().user.update({ where: { id: leaving.id }, data: { name: "Lee Leaving" } });
    const membership = await getDb().membership.findFirstOrThrow({
      where: { orgId: org.id, userId: leaving.id },
      select: { id: true },
    });
    await removeMember(actorOf("owner"), { memberId: membership.id });
    await getDb().user.update({ where: { id: leaving.id }, data: { name: "Someone Else" } });

    const page = await listAuditEvents(actorOf("admin"), { action: "member.removed" });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.target).toEqual({ type: "user", id: leaving.id, label: "Lee Leaving" });
  });

  it("label batched failed authentications with the key's name", async () => {
    const { credential } = await createCredential(actorOf("owner"), {
      orgSlug: org.slug,
      name: "Nightly sync",
      environment: "development",
      scopes: ["read:agents"],
      expiry: { kind: "never" },
    });
    const activity = testRuntime().activity;
    activity.authFailed({
      apiKeyId: credential.id,
      orgId: org.id,
      clientId: credential.clientId,
      at: new Date(),
      ip: "203.0.113.7",
      userAgent: null,
      reason: "wrong_secret",
      endpoint: "token",
    });
    await activity.flush();
    const page = await listAuditEvents(actorOf("owner"), { action: "oauth.client_auth_failed" });
    expect(page.items.map((event) => event.target)).toEqual([
      { type: "api_key", id: credential.id, label: "Nightly sync" },
    ]);
  });

  it("fall back to the id on rows written before labels existed", async () => {
    const page = await listAuditEvents(actorOf("owner"), { action: "member.role_changed" });
    expect(page.items.length).toBeGreaterThan(0);
    for (const event of page.items)
      expect(event.target).toEqual({ type: "user", id: members.viewer.id, label: members.viewer.id });
  });
});
