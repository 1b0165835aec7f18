// Two-factor authentication with an authenticator app (TF-01..TF-04) against the database, codes
// computed here from the secret the setup shows, as the app would: setup shows a sealed secret's
// QR and key and turns on only with a right code; then the password alone no longer signs in,
// a code does, the same code twice does not, a recovery code works once, codes are brute-forced no
// faster than passwords, and turning it off or making new recovery codes needs sudo mode. An owner
// with two-factor requires it for the organization (TF-05): a member without it then has no actor
// there, so its actions are refused, until they set it up.
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  confirmCodeAction,
  confirmTotpSetupAction,
  disableTwoFactorAction,
  regenerateRecoveryCodesAction,
  startTotpSetupAction,
} from "@/lib/actions/account";
import { SUDO_WINDOW_MS } from "@/lib/authz/sudo";
import { createCredentialAction } from "@/lib/actions/credentials";
import { setTwoFactorRequirementAction } from "@/lib/actions/organizations";
import { getActor, needsTwoFactorSetup } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { SIGN_IN_FAILURES_PER_EMAIL } from "@/lib/rate-limit/sign-in-limiter";
import { twoFactorStatus } from "@/lib/two-factor/two-factor";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";
import { signInAs } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

const meta = { ip: "203.0.113.77", userAgent: "vitest" };
const codeAt = (secret: string, at: Date) => generate({ secret, epoch: Math.floor(at.getTime() / 1000) });

type Member = Awaited<ReturnType<typeof createMember>>;

/** A member with two-factor on: the secret as the app holds it and the recovery codes shown. */
async function memberWithTwoFactor(org?: {
  id: string;
}): Promise<{ user: Member; secret: string; recoveryCodes: string[] }> {
  const user = await createMember((org ?? (await createOrg())).id, "owner");
  signInAs(user);
  const started = await startTotpSetupAction({});
  if (!started.ok) throw new Error(started.message);
  // The first code was shown 30 s ago, so the sign-ins below use later steps.
  const confirmed = await confirmTotpSetupAction({
    code: await codeAt(started.data.secret, new Date(Date.now() - 30_000)),
  });
  if (!confirmed.ok) throw new Error(confirmed.message);
  signInAs(null);
  return { user, secret: started.data.secret, recoveryCodes: confirmed.data.recoveryCodes };
}

const signIn = (user: Member, code?: string) =>
  authenticateWithPassword(getDb(), { email: user.email, password: user.password, ...(code ? { code } : {}) }, meta);

beforeEach(() => testRuntime().limits.reset());
afterEach(() => signInAs(null));

describe("setting up", () => {
  it("shows a QR code and key for a secret stored sealed, and turns on only with a right code", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "developer");
    signInAs(user);
    const started = await startTotpSetupAction({});
    expect(started).toMatchObject({ ok: true });
    if (!started.ok) return;
    const { secret, uri, qrDataUrl } = started.data;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(`otpauth://totp/WorkFlux:${encodeURIComponent(user.email)}?secret=${secret}&issuer=WorkFlux`);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const row = await getDb().totpFactor.findUniqueOrThrow({
      where: { userId: user.id },
      select: { secretEncrypted: true, confirmedAt: true },
    });
    expect(row.confirmedAt).toBeNull();
    expect(row.secretEncrypted).not.toContain(secret);
    expect(await twoFactorStatus(user.id)).toEqual({ totp: false, recoveryCodesLeft: 0 });

    expect(await confirmTotpSetupAction({ code: "000000" })).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.stringContaining("didn't work")] },
    });
    expect(await confirmTotpSetupAction({ code: "12345" })).toMatchObject({ ok: false, code: "invalid_request" });
    const confirmed = await confirmTotpSetupAction({ code: await codeAt(secret, new Date()) });
    expect(confirmed).toMatchObject({ ok: true });
    if (!confirmed.ok) return;
    expect(confirmed.data.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.data.recoveryCodes).size).toBe(10);
    for (const code of confirmed.data.recoveryCodes) expect(code).toMatch(/^([a-z2-9]{4}-){3}[a-z2-9]{4}$/);
    expect(await twoFactorStatus(user.id)).toEqual({ totp: true, recoveryCodesLeft: 10 });
    // Stored as digests only.
    const stored = await getDb().recoveryCode.findMany({ where: { userId: user.id }, select: { codeDigest: true } });
    expect(stored.map((r) => r.codeDigest)).not.toContain(confirmed.data.recoveryCodes[0]!.replaceAll("-", ""));
    expect(await startTotpSetupAction({})).toMatchObject({ ok: false, code: "conflict" });
    const audit = await getDb().auditEvent.findMany({ where: { actorId: user.id, action: "user.two_factor_enabled" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret);
    signInAs(null);
    expect(await startTotpSetupAction({})).toMatchObject({ ok: false, code: "unauthenticated" });
  });

  it("needs a recent sign-in: an idle session cannot enrol its own app and then confirm sudo with it", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "owner");
    signInAs(user);
    const started = await startTotpSetupAction({});
    if (!started.ok) throw new Error(started.message);
    signInAs(user, { authenticatedAt: new Date(Date.now() - SUDO_WINDOW_MS - 1000) });
    expect(await startTotpSetupAction({})).toMatchObject({ ok: false, code: "reauthentication_required" });
    expect(await confirmTotpSetupAction({ code: await codeAt(started.data.secret, new Date()) })).toMatchObject({
      ok: false,
      code: "reauthentication_required",
    });
    expect(await twoFactorStatus(user.id)).toEqual({ totp: false, recoveryCodesLeft: 0 });
  });
});

describe("signing in with two-factor on", () => {
  it("needs a code after the password; a code works once; a recovery code works once", async () => {
    const { user, secret, recoveryCodes } = await memberWithTwoFactor();
    expect(await signIn(user)).toEqual({ ok: false, reason: "second_factor_required" });
    expect(await signIn(user, "000000")).toEqual({ ok: false, reason: "invalid_second_factor" });
    const code = await codeAt(secret, new Date());
    expect(await signIn(user, code)).toMatchObject({ ok: true });
    // The same code again, within its 30 seconds: refused.
    expect(await signIn(user, code)).toEqual({ ok: false, reason: "invalid_second_factor" });
    // A wrong password with a right code is still the generic failure.
    expect(
      await authenticateWithPassword(getDb(), { email: user.email, password: "wrong-password-1", code }, meta),
    ).toEqual({ ok: false, reason: "invalid_credentials" });

    const recovery = recoveryCodes[3]!;
    expect(await signIn(user, ` ${recovery.toUpperCase().replaceAll("-", " ")} `)).toMatchObject({ ok: true });
    expect(await signIn(user, recovery)).toEqual({ ok: false, reason: "invalid_second_factor" });
    expect(await twoFactorStatus(user.id)).toEqual({ totp: true, recoveryCodesLeft: 9 });
    const events = await getDb().auditEvent.findMany({
      where: { actorId: user.id, action: { in: ["user.sign_in", "user.sign_in_failed"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(events.filter((e) => e.action === "user.sign_in").map((e) => e.metadata)).toEqual([
      { secondFactor: "totp" },
      { secondFactor: "recovery_code" },
    ]);
    expect(events.some((e) => (e.metadata as { reason?: string }).reason === "wrong_second_factor")).toBe(true);
    expect(JSON.stringify(events)).not.toContain(recovery);
  });

  it("throttles second-factor guesses like passwords: past the limit even the right code waits", async () => {
    const { user, secret } = await memberWithTwoFactor();
    const answers: string[] = [];
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL + 2; i++) {
      const result = await signIn(user, String(100000 + i));
      answers.push(result.ok ? "ok" : result.reason);
    }
    expect(answers.slice(0, SIGN_IN_FAILURES_PER_EMAIL - 1).every((a) => a === "invalid_second_factor")).toBe(true);
    expect(answers.at(-1)).toBe("rate_limited");
    expect((await signIn(user, await codeAt(secret, new Date()))).ok).toBe(false);
  });
});

describe("changing it", () => {
  it("turning it off and new recovery codes need a recent sign-in; new codes retire the old ones", async () => {
    const { user, recoveryCodes } = await memberWithTwoFactor();
    signInAs(user, { authenticatedAt: new Date(Date.now() - SUDO_WINDOW_MS - 1000) });
    expect(await disableTwoFactorAction({})).toMatchObject({ ok: false, code: "reauthentication_required" });
    expect(await regenerateRecoveryCodesAction({})).toMatchObject({ ok: false, code: "reauthentication_required" });
    expect(await twoFactorStatus(user.id)).toEqual({ totp: true, recoveryCodesLeft: 10 });

    signInAs(user);
    const fresh = await regenerateRecoveryCodesAction({});
    expect(fresh).toMatchObject({ ok: true });
    if (!fresh.ok) return;
    expect(await signIn(user, recoveryCodes[0])).toEqual({ ok: false, reason: "invalid_second_factor" });
    expect(await signIn(user, fresh.data.recoveryCodes[0])).toMatchObject({ ok: true });

    expect(await disableTwoFactorAction({ extra: true })).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await disableTwoFactorAction({})).toEqual({ ok: true, data: null });
    expect(await twoFactorStatus(user.id)).toEqual({ totp: false, recoveryCodesLeft: 0 });
    expect(await signIn(user)).toMatchObject({ ok: true });
    expect(await disableTwoFactorAction({})).toMatchObject({ ok: false, code: "conflict" });
    const off = await getDb().auditEvent.count({ where: { actorId: user.id, action: "user.two_factor_disabled" } });
    expect(off).toBe(1);
  });
});

describe("an organization that requires two-factor", () => {
  it("only an owner with two-factor, in sudo mode, requires it; then members without it act nowhere in it", async () => {
    const org = await createOrg();
    const plainOwner = await createMember(org.id, "owner");
    const admin = await createMember(org.id, "admin");
    const developer = await createMember(org.id, "developer");
    const input = { orgSlug: org.slug, required: true };

    signInAs(admin);
    expect(await setTwoFactorRequirementAction(input)).toMatchObject({ ok: false, code: "forbidden" });
    signInAs(plainOwner);
    expect(await setTwoFactorRequirementAction(input)).toMatchObject({ ok: false, code: "conflict" });
    const { user: owner } = await memberWithTwoFactor(org);
    signInAs(owner, { authenticatedAt: new Date(Date.now() - SUDO_WINDOW_MS - 1000) });
    expect(await setTwoFactorRequirementAction(input)).toMatchObject({ code: "reauthentication_required" });
    expect((await getDb().organization.findUniqueOrThrow({ where: { id: org.id } })).requireTwoFactor).toBe(false);

    signInAs(owner);
    expect(await setTwoFactorRequirementAction(input)).toEqual({
      ok: true,
      data: { required: true, membersWithout: 3 },
    });
    const audit = await getDb().auditEvent.findMany({
      where: { orgId: org.id, action: "organization.two_factor_required" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.metadata).toMatchObject({ membersWithout: 3 });
    expect((await getActor(org.slug))?.userId).toBe(owner.id);

    signInAs(developer);
    expect(await getActor(org.slug)).toBeNull();
    expect(await needsTwoFactorSetup(org.slug)).toBe(true);
    const create = {
      orgSlug: org.slug,
      name: "Dev key",
      environment: "development",
      scopes: ["read:agents"],
      expiry: { kind: "never" },
    };
    expect(await createCredentialAction(create)).toMatchObject({
      ok: false,
      code: "forbidden",
      message: expect.stringContaining("requires two-factor"),
    });
    expect(await getDb().apiKey.count({ where: { orgId: org.id } })).toBe(0);

    // Setting it up (an account action, open to them) lets them in.
    const started = await startTotpSetupAction({});
    if (!started.ok) throw new Error(started.message);
    expect(await confirmTotpSetupAction({ code: await codeAt(started.data.secret, new Date()) })).toMatchObject({
      ok: true,
    });
    expect((await getActor(org.slug))?.userId).toBe(developer.id);
    expect(await createCredentialAction(create)).toMatchObject({ ok: true });

    signInAs(owner);
    expect(await setTwoFactorRequirementAction({ ...input, required: false })).toEqual({
      ok: true,
      data: { required: false, membersWithout: 2 },
    });
    signInAs(admin);
    expect((await getActor(org.slug))?.userId).toBe(admin.id);
  });
});

describe("sudo mode with a second factor", () => {
  it("a code of the app, or a recovery code, confirms the session instead of the password, once each", async () => {
    const { user, secret, recoveryCodes } = await memberWithTwoFactor();
    signInAs(user, { authenticatedAt: new Date(Date.now() - SUDO_WINDOW_MS - 1000) });
    expect(await regenerateRecoveryCodesAction({})).toMatchObject({ code: "reauthentication_required" });
    expect(await confirmCodeAction({ code: "000000" })).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.any(Array) },
    });
    const code = await codeAt(secret, new Date());
    expect(await confirmCodeAction({ code })).toMatchObject({ ok: true });
    expect(await confirmCodeAction({ code })).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await regenerateRecoveryCodesAction({})).toMatchObject({ ok: true });

    signInAs(user, { authenticatedAt: new Date(Date.now() - SUDO_WINDOW_MS - 1000) });
    // The codes made before the regeneration no longer work; the audit says which method confirmed.
    expect(await confirmCodeAction({ code: recoveryCodes[0]! })).toMatchObject({ ok: false });
    const methods = await getDb().auditEvent.findMany({ where: { actorId: user.id, action: "auth.sudo" } });
    expect(methods.map((e) => e.metadata)).toEqual([{ method: "totp" }]);
  });
});
