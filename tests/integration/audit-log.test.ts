// Settings > Audit log data (LG-02): owners and admins read their organization's events,
// newest first in keyset pages, filtered by action prefix and actor; developers and viewers are
// refused; another organization's events never appear.
import { beforeAll, describe, expect, it } from "vitest";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { createMember, createOrg } from "../helpers/factories";

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
const members = {} as Record<Role, Member>;

const actorOf = (role: Role) => ({ kind: "user" as const, userId: members[role].id, orgId: org.id, role });

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
      expect(page.items.map((e) => JSON.parse(e.metadata).n)).toEqual([4, 3, 2, 1, 0]);
      expect(page.items.some((e) => e.metadata.includes("foreign"))).toBe(false);
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
    expect(first.items.map((e) => JSON.parse(e.metadata).n)).toEqual([4, 3]);
    const second = await listAuditEvents(actorOf("admin"), { cursor: first.nextCursor! }, { pageSize: 2 });
    expect(second.items.map((e) => JSON.parse(e.metadata).n)).toEqual([2, 1]);
    const third = await listAuditEvents(actorOf("admin"), { cursor: second.nextCursor! }, { pageSize: 2 });
    expect(third.items.map((e) => JSON.parse(e.metadata).n)).toEqual([0]);
    expect(third.nextCursor).toBeNull();
    // An unreadable cursor starts over.
    expect((await listAuditEvents(actorOf("admin"), { cursor: "garbage" })).items).toHaveLength(5);
  });

  it("filters by action prefix and by actor", async () => {
    const byAction = await listAuditEvents(actorOf("owner"), { action: "member." });
    expect(byAction.items.map((e) => e.action)).toEqual(["member.role_changed", "member.role_changed"]);
    const byActor = await listAuditEvents(actorOf("owner"), { actor: members.owner.id });
    expect(byActor.items.map((e) => JSON.parse(e.metadata).n)).toEqual([4, 2, 0]);
    expect((await listAuditEvents(actorOf("owner"), { action: "%" })).items).toHaveLength(0);
    expect((await listAuditEvents(actorOf("owner"), { action: "member_" })).items).toHaveLength(0);
    expect((await listAuditEvents(actorOf("owner"), { action: "member.role_" })).items).toHaveLength(2);
  });

  it("refuses developers and viewers", async () => {
    for (const role of ["developer", "viewer"] as const) {
      await expect(listAuditEvents(actorOf(role), {})).rejects.toMatchObject({ code: "forbidden" });
    }
  });
});
