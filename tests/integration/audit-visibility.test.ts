// LG-02: a key's audit trail and its recent failures (actor names, addresses, user
// agents, revoke notes) are for the organization's owners and admins. Developers and viewers may
// read the key and its usage, but get `auditTrail: null` / `recentFailures: null`.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as usageGET } from "@/app/api/orgs/[orgSlug]/credentials/[credentialId]/usage/route";
import { getCredentialUsage } from "@/lib/analytics/credential-usage";
import { createCredential } from "@/lib/credentials/create-credential";
import { getCredential } from "@/lib/credentials/get-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { getDb } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/enums";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);

type Member = Awaited<ReturnType<typeof createMember>>;
const FAILURE_IP = "198.51.100.77";
const FAILURE_AGENT = "probe-agent/9.9";
const REVOKE_NOTE = "leaked in a screenshot";

let org: { id: string; slug: string };
const members = {} as Record<Role, Member>;
let keyId: string;

beforeAll(async () => {
  org = await createOrg();
  for (const role of ["owner", "admin", "developer", "viewer"] as const)
    members[role] = await createMember(org.id, role);
  // A developer's own staging key: even its creator, without audit:read, sees no audit trail.
  const developer = {
    kind: "user" as const,
    authenticatedAt: new Date(),
    userId: members.developer.id,
    orgId: org.id,
    role: "developer" as const,
  };
  const { credential } = await createCredential(developer, {
    orgSlug: org.slug,
    name: "Staging worker",
    environment: "staging",
    scopes: ["read:agents"],
    expiry: { kind: "never" },
  });
  keyId = credential.id;
  await getDb().auditEvent.create({
    data: {
      orgId: org.id,
      actorType: "api_key",
      actorId: keyId,
      action: "oauth.client_auth_failed",
      targetType: "api_key",
      targetId: keyId,
      outcome: "failure",
      ip: FAILURE_IP,
      userAgent: FAILURE_AGENT,
      metadata: { reason: "invalid_secret", endpoint: "token" },
    },
  });
  await revokeCredential(
    { kind: "user" as const, authenticatedAt: new Date(), userId: members.admin.id, orgId: org.id, role: "admin" },
    { orgSlug: org.slug, credentialId: keyId, reason: "other", note: REVOKE_NOTE },
  );
});

afterEach(() => signInAs(null));

const actorOf = (role: Role) => ({
  kind: "user" as const,
  authenticatedAt: new Date(),
  userId: members[role].id,
  orgId: org.id,
  role,
});

const usageRoute = (role: Role) => {
  signInAs(members[role]);
  return usageGET(
    new Request(`http://localhost:3000/api/orgs/${org.slug}/credentials/${keyId}/usage`, {
      headers: { "sec-fetch-site": "same-origin" },
    }),
    {
      params: Promise.resolve({ orgSlug: org.slug, credentialId: keyId }),
    },
  );
};

describe("getCredential's audit trail", () => {
  it.each(["viewer", "developer"] as const)(
    "a %s gets the key but auditTrail null, and nothing of the trail",
    async (role) => {
      const detail = await getCredential(actorOf(role), { credentialId: keyId });
      expect(detail.credential.id).toBe(keyId);
      expect(detail.auditTrail).toBeNull();
      expect(JSON.stringify(detail)).not.toContain(FAILURE_IP);
    },
  );

  it.each(["admin", "owner"] as const)("an %s gets the full trail: actors, addresses, revoke note", async (role) => {
    const detail = await getCredential(actorOf(role), { credentialId: keyId });
    expect(detail.auditTrail).not.toBeNull();
    const trail = detail.auditTrail!.items;
    expect(trail.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(["credential.created", "credential.revoked", "oauth.client_auth_failed"]),
    );
    expect(trail.find((entry) => entry.action === "oauth.client_auth_failed")?.ip).toBe(FAILURE_IP);
    expect(trail.find((entry) => entry.action === "credential.revoked")?.details).toMatchObject({ note: REVOKE_NOTE });
  });
});

describe("the key's recent failures", () => {
  it.each(["viewer", "developer"] as const)(
    "a %s gets the usage but recentFailures null, without any address or user agent",
    async (role) => {
      const response = await usageRoute(role);
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).not.toContain(FAILURE_IP);
      expect(text).not.toContain(FAILURE_AGENT);
      const body = JSON.parse(text);
      expect(body.recentFailures).toBeNull();
      expect(body.points).toHaveLength(24);
      expect((await getCredentialUsage(actorOf(role), keyId, "24h")).recentFailures).toBeNull();
    },
  );

  it.each(["admin", "owner"] as const)("an %s gets the recent failures with address and user agent", async (role) => {
    const response = await usageRoute(role);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.recentFailures).toEqual([
      expect.objectContaining({
        action: "oauth.client_auth_failed",
        ip: FAILURE_IP,
        userAgent: FAILURE_AGENT,
        reason: "invalid_secret",
        endpoint: "token",
      }),
    ]);
  });
});
