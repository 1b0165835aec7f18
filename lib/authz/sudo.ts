// Sudo mode (SS-03): the most dangerous changes need a credential presented in the last 15
// minutes (the sign-in, or a confirmation since), checked by the use case on the actor it acts as,
// so no entry point can skip it. API clients act through a key, which is itself the credential.
import { AppError } from "../errors";
import type { Actor } from "./actor";

export const SUDO_WINDOW_MS = 15 * 60_000;

export const SUDO_MESSAGE = "Confirm it's you: enter your password to continue.";

/** Whether a session's last sign-in or confirmation is recent enough at `now`; unknown is not. */
export const isRecent = (authenticatedAt: Date | undefined, now: Date): boolean =>
  authenticatedAt !== undefined && now.getTime() - authenticatedAt.getTime() < SUDO_WINDOW_MS;

/** Whether the actor may do a sudo-mode change now: API clients always, users inside the window. */
export const hasRecentSignIn = (actor: Actor, now: Date): boolean =>
  actor.kind !== "user" || isRecent(actor.authenticatedAt, now);

export function assertRecentSignIn(actor: Actor, now: Date): void {
  if (!hasRecentSignIn(actor, now)) throw new AppError("reauthentication_required", SUDO_MESSAGE);
}

/** The same for a change to the signed-in user's own account (no organization involved). */
export function assertRecentSessionSignIn(user: { authenticatedAt?: Date }, now: Date): void {
  if (!isRecent(user.authenticatedAt, now)) throw new AppError("reauthentication_required", SUDO_MESSAGE);
}
