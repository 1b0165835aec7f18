// Integration tests of dashboard actions fake only next-auth's session lookup (the outside
// boundary); membership, role and organization checks run for real against the database.
// Use with: vi.mock("next-auth", () => nextAuthMock) and vi.mock("next/cache", () => nextCacheMock).
import { vi } from "vitest";

type FakeSession = { user: { id: string }; sv: number } | null;

export const sessionState: { current: FakeSession } = { current: null };

export const nextAuthMock = { getServerSession: vi.fn(async () => sessionState.current), default: vi.fn() };
export const nextCacheMock = { revalidatePath: vi.fn(), revalidateTag: vi.fn() };

/** Acts as this user from now on (null: signed out). */
export function signInAs(user: { id: string; sessionVersion: number } | null): void {
  sessionState.current = user ? { user: { id: user.id }, sv: user.sessionVersion } : null;
}
