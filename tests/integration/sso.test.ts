// Single sign-on's rules (SO-03..SO-07) against the database, without HTTP: what the provider
// asserted (next-auth has verified it) signs in a known identity, links a verified address, creates
// an account through an invitation or open sign-up, and is refused otherwise; Settings > Account
// unlinks an identity, never another user's and never the last way in. Only next-auth's cookie
// lookup is faked (for the action).
import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { unlinkIdentityAction } from "@/lib/actions/identities";
import { authOptions } from "@/lib/auth/options";
import { toAssertion } from "@/lib/auth/sso-providers";
import { getDb } from "@/lib/db/client";
import { listIdentities } from "@/lib/identities/manage-identities";
import { signInWithIdentity, type IdpAssertion } from "@/lib/identities/sign-in-with-identity";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg, createUser } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

afterEach(() => signInAs(null));

const request = { ip: "198.51.100.9", userAgent: "Mozilla/5.0 Chrome/131.0" };
const address = () => `sso-${randomUUID().slice(0, 8)}@example.test`;
const assertion = (overrides: Partial<IdpAssertion> = {}): IdpAssertion => ({
  provider: "oidc",
  subject: `sub-${randomUUID()}`,
  email: address(),
  emailVerified: true,
  name: "Ada Lovelace",
  ...overrides,
});
const closed = { allowSignup: false, request };

async function invite(orgId: string, email: string, role: "viewer" | "developer" = "developer") {
  const now = Date.now();
  return getDb().invitation.create({
    data: {
      orgId,
      email,
      normalizedEmail: email.normalize("NFC").toLowerCase(),
      role,
      tokenDigest: randomBytes(32).toString("hex"),
      expiresAt: new Date(now + 86_400_000),
      lastSentAt: new Date(now),
    },
  });
}

/** An account made by SSO alone: no password, one identity. */
async function ssoOnlyUser() {
  const who = assertion();
  const result = await signInWithIdentity(who, { ...closed, allowSignup: true });
  if (!result.ok) throw new Error("expected an account");
  const user = await getDb().user.findUniqueOrThrow({ where: { id: result.userId } });
  return { user, who };
}

describe("SSO sign-in rules", () => {
  it("links a verified address to its account, starts a fresh session, and then knows the identity", async () => {
    const user = await createUser();
    const who = assertion({ email: user.email.toUpperCase() });
    const now = new Date();
    const first = await signInWithIdentity(who, { ...closed, now });
    expect(first).toMatchObject({ ok: true, userId: user.id, via: "linked" });
    const session = await getDb().session.findUniqueOrThrow({ where: { id: first.ok ? first.sessionId : "" } });
    expect(session).toMatchObject({ userId: user.id, authenticatedAt: now, ip: request.ip, endedAt: null });

    // Known identity: the address no longer matters (the IdP may have changed or dropped it).
    const again = await signInWithIdentity({ ...who, email: null, emailVerified: false }, closed);
    expect(again).toMatchObject({ ok: true, userId: user.id, via: "identity" });
    const actions = await getDb().auditEvent.findMany({ where: { actorId: user.id }, orderBy: { createdAt: "asc" } });
    expect(actions.map((e) => e.action)).toEqual(["user.identity_linked", "user.sign_in", "user.sign_in"]);
    expect(actions[1]?.metadata).toEqual({ provider: "oidc" });
  });

  it("refuses an unverified address that names an existing account, and links nothing", async () => {
    const user = await createUser();
    const result = await signInWithIdentity(assertion({ email: user.email, emailVerified: false }), closed);
    expect(result).toEqual({ ok: false, reason: "email_unverified" });
    expect(await getDb().identity.count({ where: { userId: user.id } })).toBe(0);
    const failure = await getDb().auditEvent.findFirst({
      where: { action: "user.sign_in_failed", actorLabel: user.email },
    });
    expect(failure?.metadata).toMatchObject({ provider: "oidc", reason: "email_unverified" });
  });

  it("does not link to an account whose address was never confirmed (a possible squat on it)", async () => {
    const squat = await createUser();
    await getDb().user.update({ where: { id: squat.id }, data: { emailVerifiedAt: null } });
    expect(await signInWithIdentity(assertion({ email: squat.email }), closed)).toEqual({
      ok: false,
      reason: "account_unconfirmed",
    });
    expect(await getDb().identity.count({ where: { userId: squat.id } })).toBe(0);
    expect(await getDb().session.count({ where: { userId: squat.id } })).toBe(0);
  });

  it("reads only an explicit email_verified true as verified", () => {
    const account = { provider: "oidc", providerAccountId: "s-1", type: "oauth" } as const;
    for (const value of ["true", 1, undefined, null, false])
      expect(toAssertion(account, { email: "a@example.test", email_verified: value } as never).emailVerified).toBe(
        false,
      );
    expect(toAssertion(account, { email: "a@example.test", email_verified: true } as never)).toMatchObject({
      provider: "oidc",
      subject: "s-1",
      emailVerified: true,
    });
  });

  it("refuses an address with no account when there is no invitation and sign-up is closed", async () => {
    const who = assertion();
    expect(await signInWithIdentity(who, closed)).toEqual({ ok: false, reason: "no_account" });
    expect(await getDb().user.count({ where: { email: who.email! } })).toBe(0);
    expect(await getDb().identity.count({ where: { subject: who.subject } })).toBe(0);
  });

  it("creates the invited account with no password, links it and accepts the invitation in one go", async () => {
    const org = await createOrg();
    const email = address();
    const invitation = await invite(org.id, email);
    const result = await signInWithIdentity(assertion({ email }), closed);
    expect(result).toMatchObject({ ok: true, via: "invitation" });
    const userId = result.ok ? result.userId : "";
    const user = await getDb().user.findUniqueOrThrow({
      where: { id: userId },
      select: { email: true, name: true, passwordHash: true, emailVerifiedAt: true },
    });
    expect(user).toMatchObject({ email, passwordHash: null, name: "Ada Lovelace" });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await getDb().membership.findFirst({ where: { userId, orgId: org.id } })).toMatchObject({
      role: "developer",
    });
    expect(await getDb().invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
      acceptedById: userId,
    });
    const added = await getDb().auditEvent.findFirst({ where: { orgId: org.id, action: "member.added" } });
    expect(added?.targetId).toBe(userId);
  });

  it("does not use an unverified address's invitation", async () => {
    const org = await createOrg();
    const email = address();
    await invite(org.id, email);
    expect(await signInWithIdentity(assertion({ email, emailVerified: false }), closed)).toEqual({
      ok: false,
      reason: "email_unverified",
    });
    expect(await getDb().user.count({ where: { email } })).toBe(0);
  });

  it("creates an account with no password and no organization when sign-up is open", async () => {
    const who = assertion();
    const result = await signInWithIdentity(who, { ...closed, allowSignup: true });
    expect(result).toMatchObject({ ok: true, via: "sign_up" });
    const user = await getDb().user.findUniqueOrThrow({
      where: { email: who.email! },
      select: { id: true, passwordHash: true },
    });
    expect(user.passwordHash).toBeNull();
    expect(await getDb().membership.count({ where: { userId: user.id } })).toBe(0);
  });

  it("the sign-in callback refuses with our page and puts only the session id on the user", async () => {
    const runtime = testRuntime();
    expect(runtime.env.ALLOW_SIGNUP).toBe(false);
    const options = authOptions();
    const who = assertion();
    const account = { provider: "oidc", providerAccountId: who.subject, type: "oauth" } as const;
    const profile = { sub: who.subject, email: who.email, email_verified: true };
    const refused = await options.callbacks!.signIn!({ user: { id: who.subject }, account, profile } as never);
    expect(refused).toBe("/sign-in/sso-error?reason=no_account");

    const member = await createUser();
    const user: { id: string; sid?: string } = { id: who.subject };
    const linkedProfile = { sub: who.subject, email: member.email, email_verified: true };
    expect(await options.callbacks!.signIn!({ user, account, profile: linkedProfile } as never)).toBe(true);
    expect(user.sid).toMatch(/^[0-9a-f-]{36}$/);
    const token = await options.callbacks!.jwt!({ token: { sub: who.subject }, user, account } as never);
    expect(token).toEqual({ sid: user.sid });
  });
});

describe("accounts without a password", () => {
  it("get the generic failure from the password sign-in (SO-07)", async () => {
    const { user } = await ssoOnlyUser();
    const result = await authenticateWithPassword(getDb(), { email: user.email, password: "anything-at-all" }, request);
    expect(result).toEqual({ ok: false, reason: "invalid_credentials" });
  });
});

describe("unlinking a sign-in method", () => {
  it("unlinks one of the user's identities and audits it", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "developer");
    const who = assertion({ email: user.email });
    await signInWithIdentity(who, closed);
    const [identity] = await listIdentities(user);
    expect(identity).toMatchObject({ provider: "oidc", email: user.email });
    signInAs(user);
    expect(await unlinkIdentityAction({ identityId: identity!.id })).toEqual({ ok: true, data: null });
    expect(await listIdentities(user)).toEqual([]);
    const event = await getDb().auditEvent.findFirst({ where: { orgId: org.id, action: "user.identity_unlinked" } });
    expect(event).toMatchObject({ actorId: user.id, metadata: { provider: "oidc" } });
  });

  it("answers not_found for another user's identity and leaves it linked", async () => {
    const { user: other } = await ssoOnlyUser();
    const [theirs] = await listIdentities(other);
    const me = await createUser();
    expect(await unlinkIdentityAction({ identityId: theirs!.id })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    signInAs(me);
    expect(await unlinkIdentityAction({ identityId: theirs!.id })).toMatchObject({ ok: false, code: "not_found" });
    expect(await listIdentities(other)).toHaveLength(1);
  });

  it("refuses to unlink the last way to sign in, and allows it once there is another", async () => {
    const { user, who } = await ssoOnlyUser();
    const [only] = await listIdentities(user);
    signInAs(user);
    expect(await unlinkIdentityAction({ identityId: only!.id })).toMatchObject({ ok: false, code: "conflict" });
    expect(await listIdentities(user)).toHaveLength(1);
    // A second identity (another provider vouching for the same address) makes the first removable.
    await signInWithIdentity(assertion({ provider: "github", email: who.email }), closed);
    expect(await unlinkIdentityAction({ identityId: only!.id })).toEqual({ ok: true, data: null });
    const [left] = await listIdentities(user);
    expect(left?.provider).toBe("github");
    expect(await unlinkIdentityAction({ identityId: left!.id })).toMatchObject({ ok: false, code: "conflict" });
  });

  it("refuses input that is not exactly an identity id", async () => {
    signInAs(await createUser());
    expect(await unlinkIdentityAction({ identityId: "nope" })).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await unlinkIdentityAction({ identityId: randomUUID(), extra: 1 } as never)).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
  });
});
