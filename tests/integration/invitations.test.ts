// Invitations against PostgreSQL (IV-01..IV-05, OT-01): invite, list, revoke and resend through
// the server actions with every role (admins cannot invite owners), another organization's
// invitation (not found, unchanged), the link's states (used, expired, revoked, resent), the email
// matching rules (case, NFC vs NFD, a Cyrillic homoglyph, a full-width "＠", a quoted local part),
// concurrent accepts, the mail at a real SMTP server on 127.0.0.1, and the link handed back once
// without SMTP. Only next-auth's session lookup is faked.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  acceptInvitationAsNewUserAction,
  acceptInvitationAsUserAction,
  inviteMemberAction,
  resendInvitationAction,
  revokeInvitationAction,
} from "@/lib/actions/invitations";
import { getDb } from "@/lib/db/client";
import { acceptInvitationAsNewUser, acceptInvitationAsUser } from "@/lib/invitations/accept-invitation";
import { findInvitation } from "@/lib/invitations/find-invitation";
import type { SentInvitation } from "@/lib/invitations/invitation-rules";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { createSmtpTransport } from "@/lib/mail/mailer";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrgWithEveryRole, createUser } from "../helpers/factories";
import { linkIn, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

type Member = Awaited<ReturnType<typeof createMember>>;
let org: { id: string; slug: string; name: string };
let otherOrg: { id: string; slug: string };
let owner: Member, admin: Member, developer: Member, viewer: Member, otherOwner: Member;
let counter = 0;
const address = (label = "invitee") => `${label}-${++counter}-${Date.now()}@example.test`;

const tokenOf = (sent: SentInvitation): string => {
  if (sent.delivery.kind !== "link") throw new Error("expected the link to be handed back");
  return sent.delivery.link.slice(sent.delivery.link.lastIndexOf("/") + 1);
};

async function invite(as: Member, email: string, role: "owner" | "admin" | "developer" | "viewer" = "developer") {
  signInAs(as);
  const result = await inviteMemberAction({ orgSlug: org.slug, email, role });
  signInAs(null);
  if (!result.ok) throw new Error(`invite failed: ${result.code} ${result.message}`);
  return result.data;
}

const membershipOf = (userId: string, orgId = org.id) =>
  getDb().membership.findUnique({ where: { userId_orgId: { userId, orgId } } });
const invitationRow = (id: string) => getDb().invitation.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  ({ org, otherOrg, owner, admin, developer, viewer, otherOwner } = await createOrgWithEveryRole());
  testRuntime().mail.useTransport(null);
});

afterEach(() => signInAs(null));

describe("inviting", () => {
  it("lets owners and admins invite; without SMTP the link comes back once and no mail job is queued", async () => {
    const jobs = () => getDb().$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pgboss.job WHERE name = 'mail.send'`);
    const before = (await jobs()).length;
    const email = address();
    const sent = await invite(admin, `  ${email} `, "admin");
    expect(sent.delivery.kind).toBe("link");
    const link = sent.delivery.kind === "link" ? sent.delivery.link : "";
    expect(link).toMatch(new RegExp(`^${testRuntime().env.APP_URL}/invite/[A-Za-z0-9_-]{43}$`));
    expect(sent.invitation).toMatchObject({ email, role: "admin", invitedBy: admin.name, isExpired: false });
    expect((await jobs()).length).toBe(before);

    const row = await invitationRow(sent.invitation.id);
    expect(row.tokenDigest).not.toContain(tokenOf(sent));
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 24 * 3600 * 1000);
    const audit = await getDb().auditEvent.findMany({ where: { targetId: sent.invitation.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: "member.invited", actorId: admin.id, metadata: { role: "admin", email } });
    expect(JSON.stringify(audit)).not.toContain(tokenOf(sent));

    expect((await invite(owner, address(), "owner")).invitation.role).toBe("owner");
  });

  it("refuses signed-out callers, developers, viewers, and admins inviting an owner", async () => {
    const email = address();
    const input = { orgSlug: org.slug, email, role: "viewer" };
    expect(await inviteMemberAction(input)).toMatchObject({ ok: false, code: "unauthenticated" });
    for (const as of [developer, viewer]) {
      signInAs(as);
      expect(await inviteMemberAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    }
    signInAs(admin);
    expect(await inviteMemberAction({ ...input, role: "owner" })).toMatchObject({ ok: false, code: "forbidden" });
    expect(await getDb().invitation.count({ where: { orgId: org.id, normalizedEmail: email } })).toBe(0);
  });

  it("refuses a second open invitation to one address (any case or normalization) and an existing member", async () => {
    const email = address("Twice");
    await invite(owner, email);
    signInAs(admin);
    for (const again of [email.toUpperCase(), email.toLowerCase()]) {
      expect(await inviteMemberAction({ orgSlug: org.slug, email: again, role: "viewer" })).toMatchObject({
        ok: false,
        code: "conflict",
        fieldErrors: { email: [expect.stringContaining("already invited")] },
      });
    }
    expect(
      await inviteMemberAction({ orgSlug: org.slug, email: developer.email.toUpperCase(), role: "viewer" }),
    ).toMatchObject({ ok: false, code: "conflict", fieldErrors: { email: ["This person is already a member."] } });
  });

  it("answers invalid input with field errors: a quoted local part, a full-width ＠, NUL, an unknown role", async () => {
    signInAs(owner);
    expect(await inviteMemberAction({ orgSlug: org.slug, email: '"a@b"@example.com', role: "viewer" })).toMatchObject({
      ok: false,
      code: "invalid_request",
      fieldErrors: { email: [expect.stringContaining("Quoted addresses")] },
    });
    for (const email of ["ada＠example.com", "a\u0000@b.test", "not an email", "a@localhost"]) {
      expect(await inviteMemberAction({ orgSlug: org.slug, email, role: "viewer" })).toMatchObject({
        ok: false,
        code: "invalid_request",
        fieldErrors: { email: expect.any(Array) },
      });
    }
    expect(await inviteMemberAction({ orgSlug: org.slug, email: address(), role: "root" })).toMatchObject({
      ok: false,
      code: "invalid_request",
    });
  });

  it("throttles an organization at 50 invitations an hour", async () => {
    const limits = testRuntime().limits;
    limits.reset();
    try {
      for (let i = 0; i < 50; i++) expect(await limits.invitations.consume(org.id)).toBeNull();
      signInAs(owner);
      expect(await inviteMemberAction({ orgSlug: org.slug, email: address(), role: "viewer" })).toMatchObject({
        ok: false,
        code: "rate_limited",
      });
      expect(await limits.invitations.consume(otherOrg.id)).toBeNull();
    } finally {
      limits.reset();
    }
  });
});

describe("pending list, revoke and resend", () => {
  it("lists open invitations to those who manage members only", async () => {
    const sent = await invite(owner, address());
    for (const as of [owner, admin]) {
      const list = await listInvitations({
        kind: "user",
        userId: as.id,
        orgId: org.id,
        role: as === owner ? "owner" : "admin",
      });
      expect(list.map((i) => i.id)).toContain(sent.invitation.id);
    }
    for (const role of ["developer", "viewer"] as const)
      await expect(listInvitations({ kind: "user", userId: developer.id, orgId: org.id, role })).rejects.toMatchObject({
        code: "forbidden",
      });
  });

  it("revokes: the link stops working, with its audit event; only owners revoke an owner invitation", async () => {
    const sent = await invite(owner, address());
    const input = { orgSlug: org.slug, invitationId: sent.invitation.id };
    for (const as of [developer, viewer]) {
      signInAs(as);
      expect(await revokeInvitationAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    }
    signInAs(admin);
    expect(await revokeInvitationAction(input)).toMatchObject({ ok: true });
    expect(await revokeInvitationAction(input)).toMatchObject({ ok: false, code: "conflict" });
    expect(await findInvitation(tokenOf(sent))).toMatchObject({ state: "revoked" });
    await expect(
      acceptInvitationAsNewUser({ token: tokenOf(sent), name: "Late", password: "a-long-password-1" }),
    ).rejects.toMatchObject({ code: "conflict", message: "This invitation was revoked." });
    expect(
      await getDb().auditEvent.count({ where: { targetId: sent.invitation.id, action: "member.invitation_revoked" } }),
    ).toBe(1);

    const ownerInvite = await invite(owner, address(), "owner");
    signInAs(admin);
    expect(await revokeInvitationAction({ orgSlug: org.slug, invitationId: ownerInvite.invitation.id })).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect((await invitationRow(ownerInvite.invitation.id)).revokedAt).toBeNull();
  });

  it("resend mints a new link: the old one stops working, the expiry restarts, the event is recorded", async () => {
    const sent = await invite(owner, address());
    await getDb().invitation.update({
      where: { id: sent.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await findInvitation(tokenOf(sent))).toMatchObject({ state: "expired" });
    signInAs(admin);
    const result = await resendInvitationAction({ orgSlug: org.slug, invitationId: sent.invitation.id });
    if (!result.ok) throw new Error(result.message);
    expect(result.data.invitation.isExpired).toBe(false);
    expect(await findInvitation(tokenOf(sent))).toEqual({ state: "not_found" });
    expect(await findInvitation(tokenOf(result.data))).toMatchObject({ state: "valid", orgName: org.name });
    const audit = await getDb().auditEvent.findMany({
      where: { targetId: sent.invitation.id, action: "member.invitation_resent" },
    });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(tokenOf(result.data));
    for (const as of [developer, viewer]) {
      signInAs(as);
      expect(await resendInvitationAction({ orgSlug: org.slug, invitationId: sent.invitation.id })).toMatchObject({
        ok: false,
        code: "forbidden",
      });
    }
  });

  it("answers another organization's invitation id not_found and leaves it unchanged", async () => {
    signInAs(otherOwner);
    const theirs = await inviteMemberAction({ orgSlug: otherOrg.slug, email: address(), role: "viewer" });
    if (!theirs.ok) throw new Error(theirs.message);
    const before = await invitationRow(theirs.data.invitation.id);
    signInAs(owner);
    for (const act of [revokeInvitationAction, resendInvitationAction]) {
      expect(await act({ orgSlug: org.slug, invitationId: theirs.data.invitation.id })).toMatchObject({
        ok: false,
        code: "not_found",
      });
    }
    expect(await invitationRow(theirs.data.invitation.id)).toEqual(before);
    const denied = await getDb().auditEvent.findMany({
      where: { orgId: org.id, action: "access.denied", targetId: theirs.data.invitation.id },
    });
    expect(denied.length).toBe(2);
  });
});

describe("accepting", () => {
  it("a new user chooses a name and password: account, membership and consumed link in one go; reuse fails", async () => {
    const email = address("New.Dev");
    const sent = await invite(owner, email, "developer");
    expect(await findInvitation(tokenOf(sent))).toMatchObject({
      state: "valid",
      role: "developer",
      email,
      inviterName: owner.name,
      hasAccount: false,
    });
    const result = await acceptInvitationAsNewUserAction({
      token: tokenOf(sent),
      name: "Nia New",
      password: "short",
      confirmPassword: "short",
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_request", fieldErrors: { password: expect.any(Array) } });
    const mistyped = await acceptInvitationAsNewUserAction({
      token: tokenOf(sent),
      name: "Nia New",
      password: "a-long-password-1",
      confirmPassword: "a-long-password-2",
    });
    expect(mistyped).toMatchObject({ ok: false, fieldErrors: { confirmPassword: ["The passwords do not match."] } });
    const accepted = await acceptInvitationAsNewUserAction({
      token: tokenOf(sent),
      name: "Nia New",
      password: "a-long-password-1",
      confirmPassword: "a-long-password-1",
    });
    expect(accepted).toMatchObject({ ok: true, data: { orgSlug: org.slug, email: email.toLowerCase(), joined: true } });
    const user = await getDb().user.findUniqueOrThrow({ where: { email: email.toLowerCase() } });
    expect((await membershipOf(user.id))?.role).toBe("developer");
    const row = await invitationRow(sent.invitation.id);
    expect(row).toMatchObject({ acceptedById: user.id });
    expect(await findInvitation(tokenOf(sent))).toMatchObject({ state: "used" });
    const again = await acceptInvitationAsNewUserAction({
      token: tokenOf(sent),
      name: "Nia",
      password: "a-long-password-1",
      confirmPassword: "a-long-password-1",
    });
    expect(again).toMatchObject({ ok: false, code: "conflict", message: "This invitation has already been used." });
    const added = await getDb().auditEvent.findMany({
      where: { orgId: org.id, action: "member.added", targetId: user.id },
    });
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ actorId: user.id, metadata: { role: "developer", via: "invitation" } });
  });

  it("an address with an account must sign in; a signed-in match joins, a second accept of a member only consumes", async () => {
    const existing = await createUser({ email: address("exists") });
    const sent = await invite(owner, existing.email.toUpperCase(), "viewer");
    expect(await findInvitation(tokenOf(sent))).toMatchObject({ hasAccount: true });
    await expect(
      acceptInvitationAsNewUser({ token: tokenOf(sent), name: "Dup", password: "a-long-password-1" }),
    ).rejects.toMatchObject({ code: "conflict", detail: "account_exists" });
    expect(await acceptInvitationAsUserAction({ token: tokenOf(sent) })).toMatchObject({
      ok: false,
      code: "unauthenticated",
    });
    signInAs(existing);
    expect(await acceptInvitationAsUserAction({ token: tokenOf(sent) })).toMatchObject({
      ok: true,
      data: { orgSlug: org.slug, joined: true },
    });
    expect((await membershipOf(existing.id))?.role).toBe("viewer");

    // Became a member some other way meanwhile: the link is used up, the membership left as it is.
    const later = await createUser({ email: address("later") });
    const pending = await invite(owner, later.email, "admin");
    await getDb().membership.create({ data: { orgId: org.id, userId: later.id, role: "viewer" } });
    expect(await acceptInvitationAsUser(later, { token: tokenOf(pending) })).toMatchObject({ joined: false });
    expect((await membershipOf(later.id))?.role).toBe("viewer");
    expect(await findInvitation(tokenOf(pending))).toMatchObject({ state: "used" });
  });

  it("matches across case and NFC/NFD, not across a Cyrillic homoglyph", async () => {
    const composed = await createUser({ email: `rené-${++counter}@example.test` });
    const decomposed = composed.email.replace("é", "e\u0301").toUpperCase();
    const sent = await invite(owner, decomposed);
    expect(await findInvitation(tokenOf(sent))).toMatchObject({ hasAccount: true });
    expect((await acceptInvitationAsUser(composed, { token: tokenOf(sent) })).joined).toBe(true);

    const latin = await createUser({ email: `ada-${++counter}@example.test` });
    const homoglyph = latin.email.replace("a", "\u0430"); // Cyrillic а
    const other = await invite(owner, homoglyph);
    expect(await findInvitation(tokenOf(other))).toMatchObject({ hasAccount: false });
    signInAs(latin);
    expect(await acceptInvitationAsUserAction({ token: tokenOf(other) })).toMatchObject({
      ok: false,
      code: "forbidden",
      message: "This invitation is for another email address.",
    });
    expect(await membershipOf(latin.id)).toBeNull();
    expect((await invitationRow(other.invitation.id)).acceptedAt).toBeNull();
  });

  it("refuses an expired link and one that is not ours", async () => {
    const sent = await invite(owner, address());
    const later = new Date(Date.now() + 8 * 24 * 3600 * 1000);
    await expect(
      acceptInvitationAsNewUser({ token: tokenOf(sent), name: "Late", password: "a-long-password-1" }, { now: later }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("expired") });
    expect(await findInvitation(tokenOf(sent), { now: later })).toMatchObject({ state: "expired" });
    expect(await findInvitation("x".repeat(43))).toEqual({ state: "not_found" });
    expect(await findInvitation("../etc")).toEqual({ state: "not_found" });
    expect(
      await acceptInvitationAsNewUserAction({
        token: "nope",
        name: "N",
        password: "a-long-password-1",
        confirmPassword: "a-long-password-1",
      }),
    ).toMatchObject({
      ok: false,
      code: "not_found",
    });
  });

  it("two concurrent accepts create one membership", async () => {
    const user = await createUser({ email: address("race") });
    const sent = await invite(owner, user.email);
    const results = await Promise.allSettled([
      acceptInvitationAsUser(user, { token: tokenOf(sent) }),
      acceptInvitationAsUser(user, { token: tokenOf(sent) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await getDb().membership.count({ where: { orgId: org.id, userId: user.id } })).toBe(1);

    const fresh = await invite(owner, address("race-new"));
    const input = { token: tokenOf(fresh), name: "Racer", password: "a-long-password-1" };
    const both = await Promise.allSettled([acceptInvitationAsNewUser(input), acceptInvitationAsNewUser(input)]);
    expect(both.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await getDb().user.count({ where: { email: fresh.invitation.email.toLowerCase() } })).toBe(1);
  });
});

describe("with SMTP", () => {
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await startSmtpSink();
    testRuntime().mail.useTransport(createSmtpTransport(sink.url, "WorkFlux <no-reply@workflux.test>"));
  });
  afterAll(async () => {
    testRuntime().mail.useTransport(null);
    await sink.stop();
  });

  it("mails the link (not handed back), which works, and keeps it out of the audit rows", async () => {
    const email = address("mailed");
    const sent = await invite(owner, email, "developer");
    expect(sent.delivery).toEqual({ kind: "mailed" });
    const mail = await sink.waitForMail(email);
    expect(mail.subject).toBe(`${owner.name} invited you to ${org.name} on WorkFlux`);
    const link = linkIn(mail, `${testRuntime().env.APP_URL}/invite/`);
    const token = link.slice(link.lastIndexOf("/") + 1);
    expect(await findInvitation(token)).toMatchObject({ state: "valid", email });
    const audit = await getDb().auditEvent.findMany({ where: { orgId: org.id } });
    expect(JSON.stringify(audit)).not.toContain(token);

    signInAs(owner);
    const resent = await resendInvitationAction({ orgSlug: org.slug, invitationId: sent.invitation.id });
    expect(resent).toMatchObject({ ok: true, data: { delivery: { kind: "mailed" } } });
    const second = await sink.waitForMail(email, { after: sink.messages.indexOf(mail) + 1 });
    expect(linkIn(second, `${testRuntime().env.APP_URL}/invite/`)).not.toBe(link);
    expect(await findInvitation(token)).toEqual({ state: "not_found" });
  });
});
