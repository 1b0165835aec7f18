// Forgot password, the reset link, the operator's reset-link command and the Settings > Account
// password change, against the test database and a real SMTP server on 127.0.0.1.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { createSmtpTransport } from "@/lib/mail/mailer";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";
import { changePassword } from "@/lib/users/change-password";
import { ACCOUNT_MAILS_PER_EMAIL } from "@/lib/rate-limit/account-limits";
import { startSession } from "@/lib/sessions/session-store";
import { requestPasswordReset, resetPassword } from "@/lib/users/password-reset";
import { RequestPasswordResetInput } from "@/lib/users/schemas";
import { createMember, createOrg, createUser } from "../helpers/factories";
import { linkIn, startSmtpSink, type SmtpSink } from "../helpers/smtp-sink";
import { testRuntime } from "../helpers/test-runtime";

const run = promisify(execFile);
const request = { ip: "203.0.113.9", userAgent: "vitest" };
const NEW_PASSWORD = "a-brand-new-password-42";
const tokenOf = (link: string) => link.split("/reset-password/")[1]!;
/** A signed-in session of the user, as a sign-in starts one. */
const liveSession = (userId: string) => startSession(testRuntime().db, userId, request, new Date());
const endReasonOf = async (sessionId: string) =>
  (await testRuntime().db.session.findUniqueOrThrow({ where: { id: sessionId } })).endReason;

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
  testRuntime().mail.useTransport(createSmtpTransport(sink.url, "WorkFlux <no-reply@workflux.test>"));
});
afterAll(async () => {
  testRuntime().mail.useTransport(null);
  await sink.stop();
});
beforeEach(() => testRuntime().limits.reset());

async function resetJobs(): Promise<number> {
  const rows = await testRuntime().db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'account.password-reset'`,
  );
  return rows[0]!.n;
}

async function mailedLink(email: string): Promise<string> {
  const after = sink.messages.length;
  await requestPasswordReset({ email }, request);
  const mail = await sink.waitForMail(email, { after });
  return linkIn(mail, `${testRuntime().env.APP_URL}/reset-password/`);
}

const signsIn = async (email: string, password: string) =>
  (await authenticateWithPassword(testRuntime().db, { email, password }, { ip: "198.51.100.1", userAgent: null })).ok;

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string; fields?: object }> {
  try {
    await promise;
  } catch (error) {
    if (isAppError(error)) return { code: error.code, message: error.message, fields: error.fieldErrors };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("forgot password", () => {
  it("mails a link under APP_URL whose token is stored only as a digest, and audits the request", async () => {
    const org = await createOrg();
    const user = await createMember(org.id, "developer");
    const link = await mailedLink(user.email);
    expect(link).toMatch(new RegExp(`^${testRuntime().env.APP_URL}/reset-password/[A-Za-z0-9_-]{43}$`));
    const rows = await testRuntime().db.userToken.findMany({ where: { userId: user.id } });
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(tokenOf(link));
    const audit = await testRuntime().db.auditEvent.findMany({
      where: { orgId: org.id, action: "user.password_reset_requested" },
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.ip).toBe(request.ip);
    expect(JSON.stringify(audit)).not.toContain(tokenOf(link));
  });

  it("answers an unknown address exactly as a known one, after the same work, and mails nobody", async () => {
    const known = await createUser();
    const before = await resetJobs();
    const answers = [
      await requestPasswordReset({ email: known.email }, request),
      await requestPasswordReset({ email: "nobody-here@example.com" }, request),
    ];
    expect(answers).toEqual([undefined, undefined]);
    expect(await resetJobs()).toBe(before + 2);
    await sink.waitForMail(known.email);
    // The unknown address's job has run by now too (one worker, in order): it left nothing.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(sink.messages.some((m) => JSON.stringify(m.to).includes("nobody-here"))).toBe(false);
  });

  it("throttles requests for one address, whether or not it has an account", async () => {
    for (const email of ["throttled@example.com", (await createUser()).email]) {
      for (let i = 0; i < ACCOUNT_MAILS_PER_EMAIL; i++) await requestPasswordReset({ email }, request);
      const refused = await refusal(requestPasswordReset({ email }, request));
      expect(refused.code).toBe("rate_limited");
    }
  });

  it("sends no link and creates none when SMTP is not configured", async () => {
    const user = await createUser();
    testRuntime().mail.useTransport(null);
    try {
      const before = await resetJobs();
      await requestPasswordReset({ email: user.email }, request);
      expect(await resetJobs()).toBe(before + 1);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(await testRuntime().db.userToken.count({ where: { userId: user.id } })).toBe(0);
    } finally {
      testRuntime().mail.useTransport(createSmtpTransport(sink.url, "WorkFlux <no-reply@workflux.test>"));
    }
  });
});

describe("the address typed", () => {
  it("reaches an account whatever the case or Unicode normalization it is typed in", async () => {
    const email = `zo\u00eb-${Date.now()}@example.test`;
    const user = await createUser({ email });
    const after = sink.messages.length;
    const typed = RequestPasswordResetInput.parse({ email: ` ${email.normalize("NFD").toUpperCase()} ` }).email;
    await requestPasswordReset({ email: typed }, request);
    const mail = await sink.waitForMail(user.email, { after });
    expect(linkIn(mail, `${testRuntime().env.APP_URL}/reset-password/`)).toMatch(/reset-password\/[A-Za-z0-9_-]{43}$/);
  });
});

describe("the reset link", () => {
  it("sets the new password once, ends every session, and cannot be used twice", async () => {
    const user = await createUser();
    const link = await mailedLink(user.email);
    const session = await liveSession(user.id);
    const input = { token: tokenOf(link), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    await expect(resetPassword(input, { request })).resolves.toEqual({ email: user.email });
    expect(await endReasonOf(session)).toBe("password_reset");
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
    expect(await signsIn(user.email, user.password)).toBe(false);

    const again = await refusal(
      resetPassword({ ...input, password: "another-password-99", confirmPassword: "another-password-99" }),
    );
    expect(again).toMatchObject({ code: "invalid_request", message: expect.stringMatching(/already been used/) });
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
  });

  it("is refused after an hour, and when a newer link was sent", async () => {
    const user = await createUser();
    const first = await mailedLink(user.email);
    const second = await mailedLink(user.email);
    const input = (link: string) => ({ token: tokenOf(link), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect((await refusal(resetPassword(input(first)))).message).toMatch(/already been used, or a newer one/);
    const later = new Date(Date.now() + 61 * 60 * 1000);
    expect((await refusal(resetPassword(input(second), { now: later }))).message).toMatch(/expired/);
    expect(await signsIn(user.email, user.password)).toBe(true);
  });

  it("is refused when it is malformed or unknown, and two concurrent uses succeed once", async () => {
    const unknown = { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    expect((await refusal(resetPassword({ token: "not-a-token", ...unknown }))).message).toMatch(/not valid/);
    expect((await refusal(resetPassword({ token: "A".repeat(43), ...unknown }))).message).toMatch(/not valid/);

    const user = await createUser();
    const token = tokenOf(await mailedLink(user.email));
    const second = await liveSession(user.id);
    const results = await Promise.allSettled([
      resetPassword({ token, password: "first-racer-password", confirmPassword: "first-racer-password" }),
      resetPassword({ token, password: "second-racer-password", confirmPassword: "second-racer-password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await endReasonOf(second)).toBe("password_reset");
  });
});

describe("npm run users -- reset-link", () => {
  const cli = (...args: string[]) =>
    run("npx", ["tsx", "scripts/users.ts", ...args, "--database-url", inject("databaseUrl")], {
      env: { ...process.env, APP_URL: "https://portal.example.com", DATABASE_URL: "" },
    });

  it("prints a working one-time link under APP_URL for the operator", async () => {
    const user = await createUser();
    const { stdout } = await cli("reset-link", user.email);
    const link = /https:\/\/portal\.example\.com\/reset-password\/\S+/.exec(stdout)?.[0];
    expect(link).toBeDefined();
    await resetPassword({ token: tokenOf(link!), password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD });
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
  });

  it("fails with a clear message for an unknown address or bad arguments", async () => {
    await expect(cli("reset-link", "nobody-at-all@example.com")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("No account has the email address nobody-at-all@example.com"),
    });
    await expect(cli("reset")).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining("usage:") });
  });
});

describe("changing the password under Settings > Account", () => {
  it("needs the current password and a different new one", async () => {
    const user = await createUser();
    const wrong = await refusal(
      changePassword(
        user,
        { currentPassword: "not-my-password", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
        { request },
      ),
    );
    expect(wrong).toMatchObject({ code: "invalid_request", fields: { currentPassword: [expect.any(String)] } });
    const same = await refusal(
      changePassword(
        user,
        { currentPassword: user.password, newPassword: user.password, confirmPassword: user.password },
        { request },
      ),
    );
    expect(same).toMatchObject({ fields: { newPassword: [expect.any(String)] } });
    expect(await signsIn(user.email, user.password)).toBe(true);
  });

  it("ends every session and retires reset links sent before", async () => {
    const user = await createUser();
    const link = await mailedLink(user.email);
    const session = await liveSession(user.id);
    await changePassword(
      user,
      { currentPassword: user.password, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
      { request },
    );
    expect(await endReasonOf(session)).toBe("password_changed");
    expect(await signsIn(user.email, NEW_PASSWORD)).toBe(true);
    const stale = await refusal(
      resetPassword({ token: tokenOf(link), password: "x".repeat(20), confirmPassword: "x".repeat(20) }),
    );
    expect(stale.message).toMatch(/already been used/);
  });

  it("is throttled like sign-in, so it is no side door for guessing the password", async () => {
    const user = await createUser();
    const guess = (n: number) =>
      refusal(
        changePassword(
          user,
          { currentPassword: `guess-${n}`, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
          { request },
        ),
      );
    const codes: string[] = [];
    for (let i = 0; i < 11; i++) codes.push((await guess(i)).code);
    expect(codes.slice(0, 10).every((c) => c === "invalid_request")).toBe(true);
    expect(codes[10]).toBe("rate_limited");
  });
});
