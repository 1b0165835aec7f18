// A key's audit trail pages with a keyset cursor (the detail page's "Load more"): every event once,
// newest first, across pages; owners and admins only (LG-02); another organization's key is not
// found; the route answers the same for a signed-out caller, a viewer and a foreign key.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as auditGET } from "@/app/api/orgs/[orgSlug]/credentials/[credentialId]/audit/route";
import { createCredential } from "@/lib/credentials/create-credential";
import { getCredential } from "@/lib/credentials/get-credential";
import { AUDIT_TRAIL_PAGE_SIZE, listCredentialAuditTrail } from "@/lib/credentials/list-credential-audit-trail";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string };
let otherOrg: { id: string; slug: string };
const members = {} as Record<Role | "otherOwner", Member>;
let keyId: string;
const FAILURES = AUDIT_TRAIL_PAGE_SIZE + 7;

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
  for (const role of ["owner", "admin", "viewer"] as const) members[role] = await createMember(org.id, role);
  members.otherOwner = await createMember(otherOrg.id, "owner");
  const { credential } = await createCredential(actorOf("owner"), {
    orgSlug: org.slug,
    name: "Retrying client",
    environment: "development",
    scopes: ["read:agents"],
    expiry: { kind: "never" },
  });
  keyId = credential.id;
  const start = Date.now() + 1000;
  await getDb().auditEvent.createMany({
    data: Array.from({ length: FAILURES }, (_, i) => ({
      orgId: org.id,
      actorType: "api_key" as const,
      actorId: keyId,
      actorLabel: credential.clientId,
      action: "oauth.client_auth_failed",
      targetType: "api_key",
      targetId: keyId,
      outcome: "failure",
      ip: "203.0.113.7",
      metadata: { reason: "malformed_secret", endpoint: "token" },
      // Several share an instant, as a burst within one millisecond would: the id breaks the tie.
      createdAt: new Date(start + Math.floor(i / 3)),
    })),
  });
});

afterEach(() => signInAs(null));

const route = (slug: string, cursor = "") =>
  auditGET(
    new Request(`http://localhost:3000/api/orgs/${slug}/credentials/${keyId}/audit?cursor=${cursor}`, {
      headers: { "sec-fetch-site": "same-origin" },
    }),
    { params: Promise.resolve({ orgSlug: slug, credentialId: keyId }) },
  );

describe("a key's audit trail", () => {
  it("comes with the key as its first page and pages on to the end, every event once", async () => {
    const detail = await getCredential(actorOf("admin"), { credentialId: keyId });
    const first = detail.auditTrail!;
    expect(first.items).toHaveLength(AUDIT_TRAIL_PAGE_SIZE);
    expect(first.nextCursor).not.toBeNull();
    expect(first.items[0]!.actor).toMatch(/^wfc_/);

    const ids = first.items.map((item) => item.id);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await listCredentialAuditTrail(actorOf("owner"), keyId, { cursor }, { pageSize: 4 });
      ids.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    }
    expect(ids).toHaveLength(FAILURES + 1);
    expect(new Set(ids).size).toBe(ids.length);
    const all = await getDb().auditEvent.findMany({
      where: { targetId: keyId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true, action: true },
    });
    expect(ids).toEqual(all.map((event) => event.id));
    expect(all.at(-1)!.action).toBe("credential.created");
  });

  it("is refused to a viewer and not found for another organization", async () => {
    await expect(listCredentialAuditTrail(actorOf("viewer"), keyId, {})).rejects.toMatchObject({ code: "forbidden" });
    const foreign = {
      kind: "user" as const,
      authenticatedAt: new Date(),
      userId: members.otherOwner.id,
      orgId: otherOrg.id,
      role: "owner" as const,
    };
    await expect(listCredentialAuditTrail(foreign, keyId, {})).rejects.toMatchObject({ code: "not_found" });
  });

  it("over the route: the next page for an admin; 401 signed out, 403 for a viewer, 404 for another organization", async () => {
    signInAs(members.admin);
    const firstPage = await route(org.slug);
    expect(firstPage.status).toBe(200);
    expect(firstPage.headers.get("cache-control")).toBe("no-store");
    const body = await firstPage.json();
    expect(body.items).toHaveLength(AUDIT_TRAIL_PAGE_SIZE);
    const next = await (await route(org.slug, body.nextCursor)).json();
    expect(next.items).toHaveLength(FAILURES + 1 - AUDIT_TRAIL_PAGE_SIZE);
    expect(next.nextCursor).toBeNull();

    signInAs(null);
    expect((await route(org.slug)).status).toBe(401);
    signInAs(members.viewer);
    expect((await route(org.slug)).status).toBe(403);
    signInAs(members.otherOwner);
    expect((await route(otherOrg.slug)).status).toBe(404);
    expect((await route(org.slug)).status).toBe(404);
  });
});
