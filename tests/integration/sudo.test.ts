// Sudo mode (SS-03) against the database: every guarded use case, called directly with an actor
// whose last sign-in is older than 15 minutes (or unknown), is refused with
// reauthentication_required and changes nothing, and goes through with a recent one; the same
// change from a stale browser session is refused until the password is confirmed, which opens the
// window for that session only, is audited and is throttled like the sign-in. Only next-auth's
// cookie is faked.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { confirmPasswordAction } from "@/lib/actions/account";
import { createCredentialAction } from "@/lib/actions/credentials";
import type { UserActor } from "@/lib/authz/actor";
import { SUDO_WINDOW_MS } from "@/lib/authz/sudo";
import { createCredential } from "@/lib/credentials/create-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { rotateCredential } from "@/lib/credentials/rotate-credential";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { revokeInvitation, resendInvitation } from "@/lib/invitations/change-invitation";
import { inviteMember } from "@/lib/invitations/invite-member";
import { changeMemberRole } from "@/lib/orgs/change-member-role";
import { deleteOrganization } from "@/lib/orgs/delete-organization";
import { currentSessionId, signInAs } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

const now = () => new Date();
const stale = () => new Date(Date.now() - SUDO_WINDOW_MS - 1000);
const noMail = {
  mail: { configured: false, queue: async () => {} },
  appUrl: "http://portal.test",
  limits: { consume: async () => null },
};

let org: { id: string; slug: string; name: string };
let owner: Awaited<ReturnType<typeof createMember>>;
const as = (authenticatedAt: Date | undefined): UserActor => ({
  kind: "user",
  userId: owner.id,
  orgId: org.id,
  role: "owner",
  ...(authenticatedAt ? { authenticatedAt } : {}),
});

/** The error code a promise rejects with, or "ok". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    if (isAppError(error)) return error.code;
    throw error;
  }
}

const productionKey = async (name = "Prod") =>
  (
    await createCredential(as(now()), {
      orgSlug: org.slug,
      name,
      environment: "production",
      scopes: ["read:agents"],
      expiry: { kind: "never" },
    })
  ).credential;

beforeAll(async () => {
  org = await createOrg();
  owner = await createMember(org.id, "owner");
});
afterEach(() => signInAs(null));

describe("each guarded use case, called directly", () => {
  it("creating a production key needs a recent sign-in; staging does not", async () => {
    const input = (environment: "production" | "staging") => ({
      orgSlug: org.slug,
      name: `K ${environment}`,
      environment,
      scopes: ["read:agents" as const],
      expiry: { kind: "never" as const },
    });
    const before = await getDb().apiKey.count({ where: { orgId: org.id } });
    expect(await outcome(createCredential(as(stale()), input("production")))).toBe("reauthentication_required");
    expect(await outcome(createCredential(as(undefined), input("production")))).toBe("reauthentication_required");
    expect(await getDb().apiKey.count({ where: { orgId: org.id } })).toBe(before);
    expect(await outcome(createCredential(as(stale()), input("staging")))).toBe("ok");
    expect(await outcome(createCredential(as(now()), input("production")))).toBe("ok");
  });

  it("rotating and revoking a production key need a recent sign-in", async () => {
    const key = await productionKey();
    const rotate = (actor: UserActor) =>
      rotateCredential(actor, { orgSlug: org.slug, credentialId: key.id, grace: "now" });
    const revoke = (actor: UserActor) =>
      revokeCredential(actor, { orgSlug: org.slug, credentialId: key.id, reason: "no_longer_needed" });
    const secretBefore = (await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } })).secretHint;
    expect(await outcome(rotate(as(stale())))).toBe("reauthentication_required");
    expect(await outcome(revoke(as(stale())))).toBe("reauthentication_required");
    const row = await getDb().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row).toMatchObject({ secretHint: secretBefore, revokedAt: null });
    expect(await outcome(rotate(as(now())))).toBe("ok");
    expect(await outcome(revoke(as(now())))).toBe("ok");
  });

  it("changing a role, inviting, resending and revoking an invitation need a recent sign-in", async () => {
    const member = await createMember(org.id, "viewer");
    const membership = await getDb().membership.findFirstOrThrow({ where: { userId: member.id, orgId: org.id } });
    const change = (actor: UserActor) => changeMemberRole(actor, { memberId: membership.id, role: "developer" });
    expect(await outcome(change(as(stale())))).toBe("reauthentication_required");
    expect((await getDb().membership.findUniqueOrThrow({ where: { id: membership.id } })).role).toBe("viewer");
    expect(await outcome(change(as(now())))).toBe("ok");

    const email = `sudo-${Date.now()}@example.test`;
    const invite = (actor: UserActor) => inviteMember(actor, { email, role: "viewer" }, {}, noMail);
    expect(await outcome(invite(as(stale())))).toBe("reauthentication_required");
    expect(await getDb().invitation.count({ where: { orgId: org.id, email } })).toBe(0);
    const sent = await invite(as(now()));
    const target = { invitationId: sent.invitation.id };
    expect(await outcome(resendInvitation(as(stale()), target, {}, noMail))).toBe("reauthentication_required");
    expect(await outcome(revokeInvitation(as(stale()), target))).toBe("reauthentication_required");
    const row = await getDb().invitation.findUniqueOrThrow({ where: { id: sent.invitation.id } });
    expect(row).toMatchObject({ revokedAt: null, lastSentAt: new Date(sent.invitation.lastSentAt) });
    expect(await outcome(resendInvitation(as(now()), target, {}, noMail))).toBe("ok");
    expect(await outcome(revokeInvitation(as(now()), target))).toBe("ok");
  });

  it("deleting the organization needs a recent sign-in", async () => {
    const doomed = await createOrg();
    const doomedOwner = await createMember(doomed.id, "owner");
    const actor = (authenticatedAt: Date): UserActor => ({
      kind: "user",
      userId: doomedOwner.id,
      orgId: doomed.id,
      role: "owner",
      authenticatedAt,
    });
    expect(await outcome(deleteOrganization(actor(stale()), { confirmName: doomed.name }))).toBe(
      "reauthentication_required",
    );
    expect((await getDb().organization.findUniqueOrThrow({ where: { id: doomed.id } })).deletedAt).toBeNull();
    expect(await outcome(deleteOrganization(actor(now()), { confirmName: doomed.name }))).toBe("ok");
  });
});

describe("from a browser session", () => {
  const productionInput = () => ({
    orgSlug: org.slug,
    name: "From the dashboard",
    environment: "production",
    scopes: ["read:agents"],
    expiry: { kind: "never" },
  });

  it("is refused until the password is confirmed, for this session only, and the confirmation is audited", async () => {
    signInAs(owner, { authenticatedAt: stale() });
    const refused = await createCredentialAction(productionInput());
    expect(refused).toMatchObject({ ok: false, code: "reauthentication_required" });
    const thisSession = currentSessionId()!;

    expect(await confirmPasswordAction({ password: "not-my-password" })).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { password: ["This is not your password."] },
    });
    expect(await createCredentialAction(productionInput())).toMatchObject({ code: "reauthentication_required" });
    expect(await confirmPasswordAction({ password: owner.password })).toMatchObject({ ok: true });
    expect(await createCredentialAction(productionInput())).toMatchObject({ ok: true });
    const events = await getDb().auditEvent.findMany({
      where: { actorId: owner.id, action: "auth.sudo", orgId: org.id },
    });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(owner.password);

    // Another session of the same user is still outside its window.
    signInAs(owner, { authenticatedAt: stale() });
    await createCredentialAction({ ...productionInput(), name: "Other browser" });
    expect(currentSessionId()).not.toBe(thisSession);
    expect(await createCredentialAction(productionInput())).toMatchObject({ code: "reauthentication_required" });
  });

  it("throttles confirmations like the sign-in, and refuses one without a session", async () => {
    const user = await createMember(org.id, "admin");
    signInAs(null);
    expect(await confirmPasswordAction({ password: user.password })).toMatchObject({ code: "unauthenticated" });
    signInAs(user);
    const answers = [];
    for (let i = 0; i < 12; i++) {
      const answer = await confirmPasswordAction({ password: "wrong-password" });
      answers.push(answer.ok ? "ok" : answer.code);
    }
    expect(answers).toContain("rate_limited");
    expect(answers.indexOf("rate_limited")).toBeGreaterThan(0);
    // Once throttled, even the right password waits.
    expect(await confirmPasswordAction({ password: user.password })).toMatchObject({ code: "rate_limited" });
    expect(await confirmPasswordAction({ password: "" })).toMatchObject({ code: "invalid_request" });
  });
});
