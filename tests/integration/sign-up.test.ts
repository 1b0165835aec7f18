// Sign-up (AC-06, OT-01) against the test database and a real SMTP server on 127.0.0.1: closed
// unless ALLOW_SIGNUP; without SMTP one transaction makes a usable account, its organization, the
// owner membership and the audit rows; with SMTP the account starts unconfirmed, the mailed link
// confirms it once (a second use and an expired link are refused), and until then getActor, org
// actions and account actions refuse it; an existing address gets the new sign-up's answer, no new
// rows, and its owner a notice (a field error without SMTP); the per-IP throttle; bad input. Only
// next-auth's session lookup is faked.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { resendVerificationAction, signUpAction } from "@/lib/actions/account";
import { createOrganizationAction, renameOrganizationAction } from "@/lib/actions/organizations";
import { getActor, requireActor } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { acceptInvitationAsNewUser } from "@/lib/invitations/accept-invitation";
import { inviteMember } from "@/lib/invitations/invite-member";
import { createSmtpTransport } from "@/lib/mail/mailer";
import { ACCOUNT_MAILS_PER_EMAIL, ACCOUNT_REQUESTS_PER_IP } from "@/lib/rate-limit/account-limits";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";
import { resendVerification, verifyEmail } from "@/lib/users/email-verification";
import { ACCOUNT_EXISTS_MESSAGE, signUp, type SignUpOptions } from "@/lib/users/sign-up";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg, createUser, freshActor } from "../helpers/factories";
import { linkIn, recipientsOf, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

const PASSWORD = "a-sign-up-password-42";
const request = { ip: "203.0.113.60", userAgent: "vitest" };
let counter = 0;
const address = (label = "signup") => `${label}-${++counter}-${Date.now()}@example.test`;
const input = (email = address(), organizationName = `Org ${counter} ${Date.now()}`) => ({
  email,
  name: "Ada Lovelace",
  password: PASSWORD,
  confirmPassword: PASSWORD,
  organizationName,
});
const open: SignUpOptions = { allowSignup: true, request };

let sink: SmtpSink;
const withSmtp = () =>
  testRuntime().mail.useTransport(createSmtpTransport(sink.url, "WorkFlux <no-reply@workflux.test>"));
const withoutSmtp = () => testRuntime().mail.useTransport(null);

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  withoutSmtp();
  await sink.stop();
});
beforeEach(() => testRuntime().limits.reset());
afterEach(() => signInAs(null));

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, fieldErrors: error.fieldErrors };
    throw error;
  }
  throw new Error("expected a refusal");
}

const userRow = (email: string) => getDb().user.findUnique({ where: { email } });
const counts = async () => {
  const db = getDb();
  const [users, organizations, memberships, tokens, audit] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.membership.count(),
    db.userToken.count(),
    db.auditEvent.count(),
  ]);
  return { users, organizations, memberships, tokens, audit };
};

/** Signs up with SMTP and returns the new user, the mailed link and its token. */
async function signUpByMail(email = address()) {
  withSmtp();
  const after = sink.messages.length;
  const answer = await signUp(input(email), open);
  const mail = await sink.waitForMail(email, { after });
  const link = linkIn(mail, `${testRuntime().env.APP_URL}/verify-email/`);
  const user = (await userRow(email))!;
  return { answer, mail, link, token: link.slice(link.lastIndexOf("/") + 1), user };
}

describe("sign-up is closed unless ALLOW_SIGNUP=true", () => {
  it("refuses through the action with the default environment, and creates nothing", async () => {
    withoutSmtp();
    expect(testRuntime().env.ALLOW_SIGNUP).toBe(false);
    const before = await counts();
    const email = address("closed");
    expect(await signUpAction(input(email))).toMatchObject({ ok: false, code: "not_found" });
    expect(await userRow(email)).toBeNull();
    expect(await counts()).toEqual(before);
  });

  it("opens when the running server's environment says so", async () => {
    withoutSmtp();
    const env = testRuntime().env as { ALLOW_SIGNUP: boolean };
    env.ALLOW_SIGNUP = true;
    try {
      const email = address("opened");
      expect(await signUpAction(input(email))).toMatchObject({ ok: true, data: { status: "signed_up", email } });
    } finally {
      env.ALLOW_SIGNUP = false;
    }
  });
});

describe("without SMTP", () => {
  it("writes the account, its organization, the owner membership and the audit rows in one transaction", async () => {
    withoutSmtp();
    const email = address("nosmtp");
    const answer = await signUp(input(`  ${email.toUpperCase()} `, "Analytical Engines"), open);
    expect(answer).toMatchObject({ status: "signed_up", email });
    if (answer.status !== "signed_up") throw new Error("unreachable");
    const user = (await userRow(email))!;
    expect(user).toMatchObject({ name: "Ada Lovelace", emailVerifiedAt: expect.any(Date) });
    const org = await getDb().organization.findUniqueOrThrow({ where: { slug: answer.orgSlug } });
    expect(org.name).toBe("Analytical Engines");
    expect(org.slug).toMatch(/^analytical-engines(-[a-z0-9]{4})?$/);
    const membership = await getDb().membership.findUniqueOrThrow({
      where: { userId_orgId: { userId: user.id, orgId: org.id } },
    });
    expect(membership.role).toBe("owner");
    const audit = await getDb().auditEvent.findMany({ where: { orgId: org.id }, orderBy: { action: "asc" } });
    expect(audit.map((e) => [e.action, e.actorId, e.ip])).toEqual([
      ["organization.created", user.id, request.ip],
      ["user.signed_up", user.id, request.ip],
    ]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    // PostgreSQL stamps every row with the transaction that wrote it (xmin): one for all of them.
    const xmins = await getDb().$queryRawUnsafe<{ xmin: string }[]>(
      `SELECT xmin::text AS xmin FROM users WHERE id = $1::uuid
       UNION ALL SELECT xmin::text FROM organizations WHERE id = $2::uuid
       UNION ALL SELECT xmin::text FROM memberships WHERE user_id = $1::uuid
       UNION ALL SELECT xmin::text FROM audit_events WHERE org_id = $2::uuid`,
      user.id,
      org.id,
    );
    expect(xmins).toHaveLength(5);
    expect(new Set(xmins.map((r) => r.xmin)).size).toBe(1);
    // Usable at once: the password signs in, and the owner acts in the new organization.
    expect((await authenticateWithPassword(getDb(), { email, password: PASSWORD }, request)).ok).toBe(true);
    signInAs(user);
    expect(await getActor(org.slug)).toMatchObject({ orgId: org.id, role: "owner" });
  });

  it("gives a taken or unusable organization URL a suffix instead of refusing the sign-up", async () => {
    withoutSmtp();
    const taken = await createOrg();
    const first = await signUp(input(address(), taken.slug), open);
    const unusable = await signUp(input(address(), "日本"), open);
    const reserved = await signUp(input(address(), "Settings"), open);
    const slugs = [first, unusable, reserved].map((a) => (a.status === "signed_up" ? a.orgSlug : ""));
    expect(slugs[0]).toMatch(new RegExp(`^${taken.slug}-[a-z0-9]{4}$`));
    expect(slugs[1]).toMatch(/^org-[a-z0-9]{4}$/);
    expect(slugs[2]).toMatch(/^settings-[a-z0-9]{4}$/);
  });

  it("answers an address that already has an account with a field error, and creates nothing", async () => {
    withoutSmtp();
    const existing = await createUser({ email: address("taken-nosmtp") });
    const before = await counts();
    const refused = await refusal(signUp(input(existing.email.toUpperCase()), open));
    expect(refused).toEqual({
      code: "conflict",
      message: ACCOUNT_EXISTS_MESSAGE,
      fieldErrors: { email: [ACCOUNT_EXISTS_MESSAGE] },
    });
    expect(await counts()).toEqual(before);
  });
});

describe("with SMTP", () => {
  it("creates an unconfirmed account and mails a 24-hour link whose token is stored only as a digest", async () => {
    const email = address("mailed");
    const { answer, mail, link, token, user } = await signUpByMail(email);
    expect(answer).toEqual({ status: "check_inbox", email });
    expect(mail.subject).toBe("Confirm your email address for WorkFlux");
    expect(link).toMatch(new RegExp(`^${testRuntime().env.APP_URL}/verify-email/[A-Za-z0-9_-]{43}$`));
    expect(user.emailVerifiedAt).toBeNull();
    const tokens = await getDb().userToken.findMany({ where: { userId: user.id } });
    expect(tokens).toHaveLength(1);
    expect(tokens[0]).toMatchObject({ purpose: "email_verification", usedAt: null });
    expect(tokens[0]!.expiresAt.getTime() - tokens[0]!.createdAt.getTime()).toBeGreaterThan(24 * 3600_000 - 5000);
    expect(tokens[0]!.expiresAt.getTime() - tokens[0]!.createdAt.getTime()).toBeLessThan(24 * 3600_000 + 5000);
    expect(JSON.stringify(tokens)).not.toContain(token);
    const audit = await getDb().auditEvent.findMany({ where: { OR: [{ actorId: user.id }, { targetId: user.id }] } });
    expect(audit.map((e) => e.action).sort()).toEqual(["organization.created", "user.signed_up"]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("refuses the unconfirmed user in getActor, requireActor, org actions and account actions, but lets them resend", async () => {
    const { user } = await signUpByMail();
    const membership = await getDb().membership.findFirstOrThrow({
      where: { userId: user.id },
      include: { org: true },
    });
    const slug = membership.org.slug;
    signInAs(user);
    expect(await getActor(slug)).toBeNull();
    await expect(requireActor(slug)).rejects.toMatchObject({ digest: expect.stringContaining(";/verify-email;") });
    expect(await renameOrganizationAction({ orgSlug: slug, name: "Renamed" })).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringMatching(/Confirm your email address/),
    });
    expect((await getDb().organization.findUniqueOrThrow({ where: { id: membership.orgId } })).name).toBe(
      membership.org.name,
    );
    expect(await createOrganizationAction({ name: "Another one" })).toMatchObject({ ok: false, code: "forbidden" });

    const after = sink.messages.length;
    expect(await resendVerificationAction({})).toEqual({ ok: true, data: { sent: true } });
    const again = await sink.waitForMail(user.email, { after });
    expect(again.subject).toBe("Confirm your email address for WorkFlux");
  });

  it("confirms the address once: the second use and an older link are refused", async () => {
    const { token, user } = await signUpByMail();
    const org = (await getDb().membership.findFirstOrThrow({ where: { userId: user.id }, include: { org: true } })).org;
    await expect(verifyEmail(token, { request })).resolves.toEqual({ userId: user.id, email: user.email });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toEqual(
      expect.any(Date),
    );
    signInAs(user);
    expect(await getActor(org.slug)).toMatchObject({ orgId: org.id, role: "owner" });
    const audit = await getDb().auditEvent.findMany({ where: { orgId: org.id, action: "user.email_verified" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: user.id, ip: request.ip });
    expect(JSON.stringify(audit)).not.toContain(token);

    expect(await refusal(verifyEmail(token))).toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/already been used/),
    });
    // Once confirmed, resending has nothing to do and mails nothing.
    expect(await resendVerification(user, request)).toEqual({ sent: false });
  });

  it("refuses an expired link, a link replaced by a resend, and a malformed one", async () => {
    const { token, user } = await signUpByMail();
    const later = new Date(Date.now() + 24 * 3600_000 + 60_000);
    expect(await refusal(verifyEmail(token, { now: later }))).toMatchObject({
      message: expect.stringMatching(/expired/),
    });

    const after = sink.messages.length;
    await resendVerification(user, request);
    const newer = linkIn(await sink.waitForMail(user.email, { after }), `${testRuntime().env.APP_URL}/verify-email/`);
    expect(await refusal(verifyEmail(token))).toMatchObject({ message: expect.stringMatching(/newer one/) });
    expect(await refusal(verifyEmail("not-a-token"))).toMatchObject({ message: expect.stringMatching(/not valid/) });
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull();
    await verifyEmail(newer.slice(newer.lastIndexOf("/") + 1));
    expect((await getDb().user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).not.toBeNull();
  });

  it("throttles resending per address like forgot-password", async () => {
    const { user } = await signUpByMail();
    // The sign-up itself counted once for the address.
    for (let i = 1; i < ACCOUNT_MAILS_PER_EMAIL; i++) await resendVerification(user, request);
    expect(await refusal(resendVerification(user, { ...request, ip: "198.51.100.61" }))).toMatchObject({
      code: "rate_limited",
    });
  });

  it("answers an existing address exactly like a new one, creates nothing, and mails its owner a notice", async () => {
    withSmtp();
    const org = await createOrg();
    const existing = await createMember(org.id, "developer", { email: address("existing") });
    const before = await counts();
    const jobsBefore = await getDb().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.send'`,
    );
    const after = sink.messages.length;
    const typed = `  ${existing.email.toUpperCase()} `;
    const answerForExisting = await signUp(input(typed), open);
    const fresh = address("fresh");
    const answerForNew = await signUp(input(fresh), open);
    expect(answerForExisting).toEqual({ status: "check_inbox", email: existing.email });
    expect(answerForNew).toEqual({ status: "check_inbox", email: fresh });
    expect(Object.keys(answerForExisting)).toEqual(Object.keys(answerForNew));

    const notice = await sink.waitForMail(existing.email, { after });
    expect(notice.subject).toBe("Someone tried to sign up with your address");
    expect(notice.text).toContain(`Reset your password:\n${testRuntime().env.APP_URL}/forgot-password\n`);
    const nowCounts = await counts();
    // Only the new sign-up wrote rows: one user, one organization, one membership, one link, two audit rows.
    expect(nowCounts).toEqual({
      users: before.users + 1,
      organizations: before.organizations + 1,
      memberships: before.memberships + 1,
      tokens: before.tokens + 1,
      audit: before.audit + 2,
    });
    const jobsAfter = await getDb().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.send'`,
    );
    expect(jobsAfter[0]!.n).toBe(jobsBefore[0]!.n + 2);
    // The existing account is untouched: its password still signs in, the typed one does not.
    const signsIn = async (password: string) =>
      (await authenticateWithPassword(getDb(), { email: existing.email, password }, request)).ok;
    expect(await signsIn(existing.password)).toBe(true);
    expect(await signsIn(PASSWORD)).toBe(false);
    const stored = await getDb().user.findUniqueOrThrow({ where: { id: existing.id } });
    expect(stored).toMatchObject({
      name: existing.name,
      emailVerifiedAt: existing.emailVerifiedAt,
      updatedAt: existing.updatedAt,
    });
    expect(await getDb().userToken.count({ where: { userId: existing.id } })).toBe(0);
    // The notice reached its owner only.
    expect(sink.messages.slice(after).filter((m) => recipientsOf(m).includes(existing.email))).toHaveLength(1);
  });

  it("gives the same action result for an existing and a new address", async () => {
    withSmtp();
    const env = testRuntime().env as { ALLOW_SIGNUP: boolean };
    env.ALLOW_SIGNUP = true;
    try {
      const existing = await createUser({ email: address("action-existing") });
      const fresh = address("action-fresh");
      const results = [await signUpAction(input(existing.email)), await signUpAction(input(fresh))];
      expect(results).toEqual([
        { ok: true, data: { status: "check_inbox", email: existing.email } },
        { ok: true, data: { status: "check_inbox", email: fresh } },
      ]);
    } finally {
      env.ALLOW_SIGNUP = false;
    }
  });
});

describe("accounts made any other way", () => {
  it("count as confirmed: a plain insert (seed, first start) and an invitation's new user", async () => {
    withoutSmtp();
    const plain = await createUser();
    expect(plain.emailVerifiedAt).toEqual(expect.any(Date));

    const org = await createOrg();
    const owner = await createMember(org.id, "owner");
    const sent = await inviteMember(freshActor(owner.id, org.id, "owner"), {
      email: address("invited"),
      role: "viewer",
    });
    if (sent.delivery.kind !== "link") throw new Error("expected the link without SMTP");
    const token = sent.delivery.link.slice(sent.delivery.link.lastIndexOf("/") + 1);
    const accepted = await acceptInvitationAsNewUser({ token, name: "Invited", password: PASSWORD });
    const invited = (await userRow(accepted.email))!;
    expect(invited.emailVerifiedAt).toEqual(expect.any(Date));
    signInAs(invited);
    expect(await getActor(org.slug)).toMatchObject({ orgId: org.id, role: "viewer" });
  });
});

describe("throttling and bad input", () => {
  it("throttles sign-ups per source IP, counted before any work", async () => {
    withoutSmtp();
    const before = await counts();
    for (let i = 0; i < ACCOUNT_REQUESTS_PER_IP; i++) {
      // An existing address: refused after the throttle and the hashing, so nothing is created.
      await refusal(
        signUp(input((await createUser()).email), { ...open, request: { ...request, ip: "198.51.100.70" } }),
      );
    }
    const created = (await counts()).users - before.users;
    const email = address("throttled");
    const refused = await refusal(signUp(input(email), { ...open, request: { ...request, ip: "198.51.100.70" } }));
    expect(refused).toMatchObject({ code: "rate_limited" });
    expect(await userRow(email)).toBeNull();
    expect((await counts()).users - before.users).toBe(created);
    // Another address is not held back.
    expect(await signUp(input(), { ...open, request: { ...request, ip: "198.51.100.71" } })).toMatchObject({
      status: "signed_up",
    });
  });

  it("answers invalid input with field errors, never a 500", async () => {
    const result = await signUpAction({
      email: "not an email",
      name: "",
      password: "short",
      confirmPassword: "different",
      organizationName: "",
    });
    expect(result).toMatchObject({ ok: false, code: "invalid_request" });
    if (result.ok) throw new Error("unreachable");
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual([
      "confirmPassword",
      "email",
      "name",
      "organizationName",
      "password",
    ]);
    const mismatch = await signUpAction({ ...input(), confirmPassword: "another-password-99" });
    expect(mismatch).toMatchObject({ ok: false, fieldErrors: { confirmPassword: ["The passwords do not match."] } });
    for (const bad of [
      { ...input(), name: "Ada\u0000" },
      { ...input(), name: "Ada\u0007Lovelace" },
      { ...input(), name: "x".repeat(101) },
      { ...input(), organizationName: "Org\u0000" },
      { ...input(), email: '"quoted"@example.com' },
      { ...input(), role: "owner" },
      { ...input(), password: "x".repeat(300), confirmPassword: "x".repeat(300) },
      null,
      "a string",
    ]) {
      expect(await signUpAction(bad)).toMatchObject({ ok: false, code: "invalid_request" });
    }
  });

  it("refuses a signed-in caller", async () => {
    const user = await createUser();
    signInAs(user);
    expect(await signUpAction(input())).toMatchObject({ ok: false, code: "conflict" });
  });
});
