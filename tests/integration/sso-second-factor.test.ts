// A single sign-on of a user with two-factor on (TF-06) against the database: the provider's answer
// starts a session that counts for nothing (no user, no actor) until the code of the user's app is
// given on the second-factor step; a wrong code is refused under the sign-in throttle; the code
// cannot be given twice; a user without two-factor is signed in at once. Only next-auth's cookie is
// faked.
import { generate } from "otplib";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { confirmTotpSetupAction, startTotpSetupAction } from "@/lib/actions/account";
import { completeSecondFactorAction } from "@/lib/actions/second-factor";
import { authOptions } from "@/lib/auth/options";
import { getActor, getPendingSecondFactor, getSessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { SIGN_IN_FAILURES_PER_EMAIL } from "@/lib/rate-limit/sign-in-limiter";
import { signInAs, replaySessionCookie } from "../helpers/credential-session";
import { createMember, createOrg } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

const codeAt = (secret: string, msAgo = 0) => generate({ secret, epoch: Math.floor((Date.now() - msAgo) / 1000) });

beforeEach(() => testRuntime().limits.reset());
afterEach(() => signInAs(null));

/** The provider's answer for `email`, through the real sign-in callback; the session id it starts. */
async function signInBySso(email: string): Promise<string> {
  const subject = `sub-${Math.random().toString(36).slice(2)}`;
  const account = { provider: "oidc", providerAccountId: subject, type: "oauth" } as const;
  const user: { id: string; sid?: string } = { id: subject };
  const profile = { sub: subject, email, email_verified: true };
  expect(await authOptions().callbacks!.signIn!({ user, account, profile } as never)).toBe(true);
  return user.sid!;
}

describe("single sign-on with two-factor on", () => {
  it("counts for nothing until the app's code is given, once", async () => {
    const org = await createOrg();
    const member = await createMember(org.id, "developer");
    signInAs(member);
    const started = await startTotpSetupAction({});
    if (!started.ok) throw new Error(started.message);
    const secret = started.data.secret;
    expect(await confirmTotpSetupAction({ code: await codeAt(secret, 30_000) })).toMatchObject({ ok: true });

    const sid = await signInBySso(member.email);
    replaySessionCookie(member.id, sid);
    expect(await getSessionUser()).toBeNull();
    expect(await getActor(org.slug)).toBeNull();
    expect(await getPendingSecondFactor()).toEqual({ sessionId: sid, userId: member.id, email: member.email });

    expect(await completeSecondFactorAction({ code: "000000" })).toMatchObject({
      ok: false,
      fieldErrors: { code: [expect.stringContaining("didn't work")] },
    });
    replaySessionCookie(member.id, sid);
    expect(await completeSecondFactorAction({ code: await codeAt(secret) })).toEqual({
      ok: true,
      data: { signedIn: true },
    });
    replaySessionCookie(member.id, sid);
    expect((await getSessionUser())?.id).toBe(member.id);
    expect((await getActor(org.slug))?.role).toBe("developer");
    expect(await completeSecondFactorAction({ code: await codeAt(secret) })).toMatchObject({ code: "unauthenticated" });
    const signIns = await getDb().auditEvent.findMany({
      where: { actorId: member.id, action: "user.sign_in", orgId: org.id },
    });
    expect(signIns.some((e) => (e.metadata as { via?: string }).via === "sso")).toBe(true);
  });

  it("throttles code guesses after the provider like any other: past the limit even the right code waits", async () => {
    const org = await createOrg();
    const member = await createMember(org.id, "viewer");
    signInAs(member);
    const started = await startTotpSetupAction({});
    if (!started.ok) throw new Error(started.message);
    expect(await confirmTotpSetupAction({ code: await codeAt(started.data.secret, 30_000) })).toMatchObject({
      ok: true,
    });
    const sid = await signInBySso(member.email);
    const answers: string[] = [];
    for (let i = 0; i < SIGN_IN_FAILURES_PER_EMAIL + 1; i++) {
      replaySessionCookie(member.id, sid);
      const answer = await completeSecondFactorAction({ code: String(200000 + i) });
      answers.push(answer.ok ? "ok" : answer.code);
    }
    expect(answers.slice(0, SIGN_IN_FAILURES_PER_EMAIL).every((a) => a === "invalid_request")).toBe(true);
    expect(answers.at(-1)).toBe("rate_limited");
    replaySessionCookie(member.id, sid);
    expect(await completeSecondFactorAction({ code: await codeAt(started.data.secret) })).toMatchObject({
      code: "rate_limited",
    });
    replaySessionCookie(member.id, sid);
    expect(await getSessionUser()).toBeNull();
  });

  it("a user without two-factor is signed in at once; no pending session, no second step", async () => {
    const org = await createOrg();
    const member = await createMember(org.id, "viewer");
    const sid = await signInBySso(member.email);
    replaySessionCookie(member.id, sid);
    expect((await getSessionUser())?.id).toBe(member.id);
    expect(await getPendingSecondFactor()).toBeNull();
    expect(await completeSecondFactorAction({ code: "123456" })).toMatchObject({ code: "unauthenticated" });
  });
});
