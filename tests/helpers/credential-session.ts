// Integration tests of dashboard actions fake only next-auth's session lookup (the outside
// boundary): the fake cookie names a real session row, created on first use, so the session,
// membership, role and organization checks run for real against the database.
// Use with: vi.mock("next-auth", () => nextAuthMock) and vi.mock("next/cache", () => nextCacheMock).
import { vi } from "vitest";
import { getDb } from "@/lib/db/client";

type FakeSignIn = { userId: string; authenticatedAt?: Date; sid?: string } | null;

export const sessionState: { current: FakeSignIn } = { current: null };

async function currentClaims(): Promise<{ sid: string } | null> {
  const signIn = sessionState.current;
  if (!signIn) return null;
  if (!signIn.sid) {
    const at = signIn.authenticatedAt ?? new Date();
    const row = await getDb().session.create({
      data: { userId: signIn.userId, authenticatedAt: at, ip: "127.0.0.1", userAgent: "vitest" },
      select: { id: true },
    });
    signIn.sid = row.id;
  }
  return { sid: signIn.sid };
}

export const nextAuthMock = { getServerSession: vi.fn(currentClaims), default: vi.fn() };
export const nextCacheMock = { revalidatePath: vi.fn(), revalidateTag: vi.fn() };

/**
 * Acts as this user from now on, in a new session (null: signed out). `authenticatedAt` is when
 * the session last presented a credential (sudo mode); now unless given.
 */
export function signInAs(user: { id: string } | null, options: { authenticatedAt?: Date } = {}): void {
  sessionState.current = user ? { userId: user.id, ...options } : null;
}

/** The id of the session the fake cookie names right now (after at least one request). */
export const currentSessionId = (): string | undefined => sessionState.current?.sid ?? undefined;

/** Replays a cookie: from now on the fake cookie names session `sid`, whatever its state. */
export function replaySessionCookie(userId: string, sid: string): void {
  sessionState.current = { userId, sid };
}
