// Anomaly flags against PostgreSQL: a detection audit event is an open flag until a dismissal event
// names it; dismissing is for whoever may manage the key, appends to the audit log, and never
// reaches another organization's flags. The list carries per-key open-flag counts for its badge.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { dismissAnomalyAction } from "@/lib/actions/anomalies";
import { dismissAnomaly, listOpenAnomalies } from "@/lib/anomalies/flags";
import { countOpenAnomalies } from "@/lib/credentials/open-anomaly-counts";
import { createCredential } from "@/lib/credentials/create-credential";
import { listCredentials } from "@/lib/credentials/list-credentials";
import { ListCredentialsQuery } from "@/lib/credentials/schemas";
import { getDb } from "@/lib/db/client";
import { createMember, createOrgWithEveryRole } from "../helpers/factories";
import { signInAs } from "../helpers/credential-session";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
let owner: Member, admin: Member, developer: Member, viewer: Member, otherOwner: Member;

const actorOf = (member: Member, orgId = org.id, role: "owner" | "admin" | "developer" | "viewer" = "owner") => ({
  kind: "user" as const,
  authenticatedAt: new Date(),
  userId: member.id,
  orgId,
  role,
});

async function key(
  by: Member,
  environment: "production" | "development",
  orgId = org.id,
  slug = org.slug,
  role: "owner" | "developer" = "owner",
) {
  const { credential } = await createCredential(actorOf(by, orgId, role), {
    orgSlug: slug,
    name: `key-${environment}-${Math.random().toString(36).slice(2, 7)}`,
    environment,
    scopes: ["read:agents"],
    expiry: { kind: "never" },
  });
  return credential;
}

async function detect(
  orgId: string,
  credentialId: string,
  kind: string,
  evidence: Record<string, string | number>,
  at: Date,
) {
  return getDb().auditEvent.create({
    data: {
      orgId,
      actorType: "system",
      action: "credential.anomaly_detected",
      targetType: "api_key",
      targetId: credentialId,
      metadata: { kind, evidence, at: at.toISOString() },
      createdAt: at,
    },
    select: { id: true },
  });
}

beforeAll(async () => {
  ({ org, otherOrg, owner, admin, developer, viewer, otherOwner } = await createOrgWithEveryRole());
});

afterEach(() => signInAs(null));

describe("open anomaly flags", () => {
  it("lists a key's undismissed flags newest first with kind, evidence and time", async () => {
    const k = await key(owner, "production");
    const older = await detect(
      org.id,
      k.id,
      "new_source_ip",
      { ip: "203.0.113.5", knownAddresses: 1 },
      new Date("2026-03-01T10:00:00Z"),
    );
    const newer = await detect(
      org.id,
      k.id,
      "traffic_spike",
      { requestsThisHour: 600, hourlyBaseline: 12.5 },
      new Date("2026-03-02T10:00:00Z"),
    );
    expect(await listOpenAnomalies(org.id, k.id)).toEqual([
      {
        id: newer.id,
        credentialId: k.id,
        kind: "traffic_spike",
        evidence: { requestsThisHour: 600, hourlyBaseline: 12.5 },
        at: "2026-03-02T10:00:00.000Z",
      },
      {
        id: older.id,
        credentialId: k.id,
        kind: "new_source_ip",
        evidence: { ip: "203.0.113.5", knownAddresses: 1 },
        at: "2026-03-01T10:00:00.000Z",
      },
    ]);
    expect(await listOpenAnomalies(otherOrg.id, k.id)).toEqual([]);
  });

  it("dismissing one flag leaves the others open, records who dismissed it, and is idempotent", async () => {
    const k = await key(owner, "production");
    const a = await detect(
      org.id,
      k.id,
      "failed_auth_burst",
      { failures: 10, windowSeconds: 300 },
      new Date("2026-03-03T10:00:00Z"),
    );
    const b = await detect(
      org.id,
      k.id,
      "new_source_ip",
      { ip: "198.51.100.1", knownAddresses: 2 },
      new Date("2026-03-03T11:00:00Z"),
    );
    const now = new Date("2026-03-04T00:00:00Z");
    expect(
      await dismissAnomaly(actorOf(admin, org.id, "admin"), { credentialId: k.id, anomalyEventId: a.id }, { now }),
    ).toEqual({
      anomalyEventId: a.id,
      alreadyDismissed: false,
    });
    expect((await listOpenAnomalies(org.id, k.id)).map((f) => f.id)).toEqual([b.id]);
    expect(await countOpenAnomalies(org.id, [k.id])).toEqual({ [k.id]: 1 });
    expect(
      (await dismissAnomaly(actorOf(owner), { credentialId: k.id, anomalyEventId: a.id }, { now })).alreadyDismissed,
    ).toBe(true);
    const dismissals = await getDb().auditEvent.findMany({
      where: { orgId: org.id, action: "credential.anomaly_dismissed", targetId: k.id },
    });
    expect(dismissals).toHaveLength(1);
    expect(dismissals[0]).toMatchObject({
      actorType: "user",
      actorId: admin.id,
      targetType: "api_key",
      metadata: { anomalyEventId: a.id, kind: "failed_auth_burst", at: now.toISOString() },
    });
  });

  it("a developer may dismiss flags of the non-production keys they created, not of production keys or a viewer", async () => {
    const own = await key(developer, "development", org.id, org.slug, "developer");
    const prod = await key(owner, "production");
    const f1 = await detect(org.id, own.id, "new_source_ip", { ip: "192.0.2.1", knownAddresses: 1 }, new Date());
    const f2 = await detect(org.id, prod.id, "new_source_ip", { ip: "192.0.2.2", knownAddresses: 1 }, new Date());
    const dev = actorOf(developer, org.id, "developer");
    await expect(dismissAnomaly(dev, { credentialId: prod.id, anomalyEventId: f2.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(
      dismissAnomaly(actorOf(viewer, org.id, "viewer"), { credentialId: own.id, anomalyEventId: f1.id }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await dismissAnomaly(dev, { credentialId: own.id, anomalyEventId: f1.id })).alreadyDismissed).toBe(false);
    expect(await listOpenAnomalies(org.id, prod.id)).toHaveLength(1);
  });

  it("another organization's key or flag is not found and stays open", async () => {
    const mine = await key(owner, "production");
    const theirs = await key(otherOwner, "production", otherOrg.id, otherOrg.slug);
    const foreignFlag = await detect(
      otherOrg.id,
      theirs.id,
      "traffic_spike",
      { requestsThisHour: 500, hourlyBaseline: 1 },
      new Date(),
    );
    const me = actorOf(owner);
    await expect(dismissAnomaly(me, { credentialId: theirs.id, anomalyEventId: foreignFlag.id })).rejects.toMatchObject(
      { code: "not_found" },
    );
    // A flag id of another key (here: of another organization) paired with my own key id.
    await expect(dismissAnomaly(me, { credentialId: mine.id, anomalyEventId: foreignFlag.id })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await listOpenAnomalies(otherOrg.id, theirs.id)).toHaveLength(1);
    expect(await countOpenAnomalies(org.id, [theirs.id])).toEqual({});
  });

  it("the credentials list carries open-flag counts for its badge", async () => {
    const flagged = await key(owner, "development");
    await detect(org.id, flagged.id, "traffic_spike", { requestsThisHour: 700, hourlyBaseline: 3 }, new Date());
    const page = await listCredentials(actorOf(owner), ListCredentialsQuery.parse({ env: "development" }));
    expect(page.openAnomalies[flagged.id]).toBe(1);
    // Only keys of this page with an open flag appear; a dismissed flag does not count.
    for (const [id, n] of Object.entries(page.openAnomalies)) {
      expect(page.items.some((item) => item.id === id)).toBe(true);
      expect(n).toBeGreaterThan(0);
    }
  });
});

describe("dismissAnomalyAction", () => {
  it("dismisses for an owner; refuses signed out, a viewer, invalid input and another organization", async () => {
    const k = await key(owner, "production");
    const flag = await detect(org.id, k.id, "new_source_ip", { ip: "203.0.113.77", knownAddresses: 3 }, new Date());
    const input = { orgSlug: org.slug, credentialId: k.id, anomalyEventId: flag.id };
    expect(await dismissAnomalyAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    signInAs(viewer);
    expect(await dismissAnomalyAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    signInAs(otherOwner);
    expect(await dismissAnomalyAction(input)).toMatchObject({ ok: false, code: "not_found" });
    expect(await dismissAnomalyAction({ ...input, orgSlug: otherOrg.slug })).toMatchObject({
      ok: false,
      code: "not_found",
    });
    signInAs(owner);
    expect(await dismissAnomalyAction({ ...input, anomalyEventId: "nope" })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
    expect(await listOpenAnomalies(org.id, k.id)).toHaveLength(1);
    expect(await dismissAnomalyAction(input)).toEqual({
      ok: true,
      data: { anomalyEventId: flag.id, alreadyDismissed: false },
    });
    expect(await listOpenAnomalies(org.id, k.id)).toEqual([]);
  });
});
