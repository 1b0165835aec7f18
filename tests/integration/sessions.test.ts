// Dashboard sessions as rows (SS-01, SS-02) against the database: a password sign-in starts a
// session the JWT names by id alone; every request checks the row, so an ended session's cookie
// replayed is signed out, and so is one idle too long or too old; last use is written at most once
// a minute; signing out ends that session only; Settings > Account lists the user's own sessions
// and ends one of them or all the others, never another user's. Only next-auth's cookie is faked.
import { afterEach, describe, expect, it, vi } from "vitest";
import { endOtherSessionsAction, endSessionAction } from "@/lib/actions/account";
import { authOptions } from "@/lib/auth/options";
import { getSessionUser } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { sessionPolicy } from "@/lib/env";
import { listSessions } from "@/lib/sessions/manage-sessions";
import { checkSession, startPasswordSession, startSession } from "@/lib/sessions/session-store";
import { authenticateWithPassword } from "@/lib/users/authenticate-with-password";
import { changePassword } from "@/lib/users/change-password";
import { currentSessionId, signInAs, replaySessionCookie } from "../helpers/credential-session";
import { createUser } from "../helpers/factories";
import { testRuntime } from "../helpers/test-runtime";

vi.mock("next-auth", async () => (await import("../helpers/credential-session")).nextAuthMock);
vi.mock("next/cache", async () => (await import("../helpers/credential-session")).nextCacheMock);

const HOUR = 3_600_000;
const meta = {
  ip: "198.51.100.7",
  userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Chrome/131.0 Safari/537.36",
};
const policy = () => sessionPolicy(testRuntime().env);
const rowOf = (id: string) => getDb().session.findUniqueOrThrow({ where: { id } });

afterEach(() => signInAs(null));

/** The password provider's own authorize, as next-auth calls it on POST /api/auth/callback/credentials. */
async function authorize(email: string, password: string) {
  const provider = authOptions().providers[0] as unknown as {
    options: { authorize: (credentials: unknown, req: unknown) => Promise<{ id: string; sid: string } | null> };
  };
  return provider.options.authorize(
    { email, password },
    { headers: { "user-agent": meta.userAgent, "x-forwarded-for": meta.ip } },
  );
}

describe("a session", () => {
  it("starts with each password sign-in, and the JWT carries only its id", async () => {
    const user = await createUser();
    const first = await authorize(user.email, user.password);
    const second = await authorize(user.email, user.password);
    expect(first?.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.sid).not.toBe(first?.sid);
    expect(await authorize(user.email, "not-the-password")).toBeNull();
    const row = await rowOf(first!.sid);
    expect(row).toMatchObject({ userId: user.id, endedAt: null, userAgent: meta.userAgent });
    const token = await authOptions().callbacks!.jwt!({
      token: { sub: user.id, email: user.email },
      user: first!,
    } as never);
    expect(token).toEqual({ sid: first!.sid });
  });

  it("does not start when the password changed after it was checked (a change ends every session)", async () => {
    const user = await createUser();
    const checked = await authenticateWithPassword(getDb(), { email: user.email, password: user.password }, meta);
    if (!checked.ok) throw new Error("sign-in failed");
    await changePassword(
      user,
      { currentPassword: user.password, newPassword: "a-new-password-123", confirmPassword: "a-new-password-123" },
      { request: meta },
    );
    expect(await startPasswordSession(getDb(), user.id, checked.verifiedHash, meta, new Date())).toBeNull();
    expect(await getDb().session.count({ where: { userId: user.id } })).toBe(0);
    const again = await authenticateWithPassword(getDb(), { email: user.email, password: "a-new-password-123" }, meta);
    if (!again.ok) throw new Error("sign-in failed");
    expect(await startPasswordSession(getDb(), user.id, again.verifiedHash, meta, new Date())).toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it("is refused once ended: a replayed cookie is signed out; signing out ends that session only", async () => {
    const user = await createUser();
    const kept = await startSession(getDb(), user.id, meta, new Date());
    const ended = await startSession(getDb(), user.id, meta, new Date());
    replaySessionCookie(user.id, ended);
    expect((await getSessionUser())?.id).toBe(user.id);
    await authOptions().events!.signOut!({ token: { sid: ended } } as never);
    expect(await rowOf(ended)).toMatchObject({ endReason: "sign_out" });
    replaySessionCookie(user.id, ended);
    expect(await getSessionUser()).toBeNull();
    replaySessionCookie(user.id, kept);
    expect((await getSessionUser())?.sessionId).toBe(kept);
    // A cookie naming no session, or something that is not an id, is signed out too.
    replaySessionCookie(user.id, "00000000-0000-7000-8000-000000000000");
    expect(await getSessionUser()).toBeNull();
    replaySessionCookie(user.id, "'; DROP TABLE sessions; --");
    expect(await getSessionUser()).toBeNull();
  });

  it("expires after the idle timeout and at the absolute lifetime, whatever the use", async () => {
    const user = await createUser();
    const start = new Date("2030-01-01T00:00:00Z");
    const id = await startSession(getDb(), user.id, meta, start);
    const { idleTimeoutMs, maxAgeMs } = policy();
    expect(idleTimeoutMs).toBe(7 * 24 * HOUR);
    expect(maxAgeMs).toBe(30 * 24 * HOUR);
    const at = (ms: number) => new Date(start.getTime() + ms);
    expect(await checkSession(getDb(), id, at(idleTimeoutMs - 1000), policy())).not.toBeNull();
    // Used just now: the idle clock restarted; used every day, it still ends at 30 days.
    for (let day = 7; day < 30; day += 6) {
      expect(await checkSession(getDb(), id, at(day * 24 * HOUR), policy())).not.toBeNull();
    }
    expect(await checkSession(getDb(), id, at(maxAgeMs), policy())).toBeNull();

    const idle = await startSession(getDb(), user.id, meta, start);
    expect(await checkSession(getDb(), idle, at(idleTimeoutMs), policy())).toBeNull();
  });

  it("writes its last use at most once a minute", async () => {
    const user = await createUser();
    const start = new Date("2031-01-01T00:00:00Z");
    const id = await startSession(getDb(), user.id, meta, start);
    await checkSession(getDb(), id, new Date(start.getTime() + 30_000), policy());
    expect((await rowOf(id)).lastSeenAt).toEqual(start);
    await checkSession(getDb(), id, new Date(start.getTime() + 61_000), policy());
    expect((await rowOf(id)).lastSeenAt).toEqual(new Date(start.getTime() + 61_000));
  });
});

describe("Settings > Account > Sessions", () => {
  it("lists the user's live sessions, this one first and marked, without ended ones or other users'", async () => {
    const user = await createUser();
    const other = await createUser();
    await startSession(getDb(), other.id, meta, new Date());
    const older = await startSession(getDb(), user.id, { ip: null, userAgent: null }, new Date(Date.now() - HOUR));
    const gone = await startSession(getDb(), user.id, meta, new Date());
    await getDb().session.update({ where: { id: gone }, data: { endedAt: new Date() } });
    signInAs(user);
    const me = (await getSessionUser())!;
    const sessions = await listSessions(me, policy());
    expect(sessions.map((s) => [s.id, s.current, s.device])).toEqual([
      [me.sessionId, true, "Unknown browser"],
      [older, false, "Unknown device"],
    ]);
  });

  it("signs out one other session, audited; refuses this session and another user's", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const theirs = await startSession(getDb(), stranger.id, meta, new Date());
    const laptop = await startSession(getDb(), user.id, meta, new Date());
    expect(await endSessionAction({ sessionId: laptop })).toMatchObject({ ok: false, code: "unauthenticated" });
    expect((await rowOf(laptop)).endedAt).toBeNull();
    signInAs(user);
    expect(await endSessionAction({ sessionId: theirs })).toMatchObject({ ok: false, code: "not_found" });
    expect((await rowOf(theirs)).endedAt).toBeNull();
    expect(await endSessionAction({ sessionId: currentSessionId()! })).toMatchObject({ ok: false, code: "conflict" });
    expect(await endSessionAction({ sessionId: "not-an-id" })).toMatchObject({ ok: false, code: "invalid_request" });
    expect(await endSessionAction({ sessionId: laptop })).toEqual({ ok: true, data: null });
    expect(await rowOf(laptop)).toMatchObject({ endReason: "signed_out_elsewhere" });
    expect((await rowOf(currentSessionId()!)).endedAt).toBeNull();
    expect(await endSessionAction({ sessionId: laptop })).toMatchObject({ ok: false, code: "not_found" });
    const events = await getDb().auditEvent.findMany({ where: { actorId: user.id, action: "user.session_ended" } });
    expect(events).toHaveLength(1);
  });

  it("signs out every other session and keeps this one", async () => {
    const user = await createUser();
    const stranger = await createUser();
    const theirs = await startSession(getDb(), stranger.id, meta, new Date());
    const others = [
      await startSession(getDb(), user.id, meta, new Date()),
      await startSession(getDb(), user.id, meta, new Date()),
    ];
    signInAs(user);
    expect(await endOtherSessionsAction({})).toEqual({ ok: true, data: { ended: 2 } });
    for (const id of others) expect((await rowOf(id)).endReason).toBe("signed_out_elsewhere");
    expect((await rowOf(currentSessionId()!)).endedAt).toBeNull();
    expect((await rowOf(theirs)).endedAt).toBeNull();
    expect((await getSessionUser())?.id).toBe(user.id);
    expect(await endOtherSessionsAction({ extra: 1 })).toMatchObject({ ok: false, code: "invalid_request" });
  });
});
