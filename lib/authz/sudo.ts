// Sudo mode (SS-03): the most dangerous changes need a credential presented in the last 15
// minutes (the sign-in, or a confirmation since), checked by the use case on the actor it acts as,
// so no entry point can skip it. API clients act through a key, which is itself the credential.
import { AppError } from "../errors";
import type { Actor } from "./actor";

export const SUDO_WINDOW_MS = 15 * 60_000;

export const SUDO_MESSAGE = "Confirm it's you: enter your password to continue.";

/** Whether the user actor's last sign-in or confirmation is recent enough at `now`. */
export function hasRecentSignIn(actor: Actor, now: Date): boolean {
  if (actor.kind !== "user") return true;
  if (!actor.authenticatedAt) return false;
  return now.getTime() - actor.authenticatedAt.getTime() < SUDO_WINDOW_MS;
}

export function assertRecentSignIn(actor: Actor, now: Date): void {
  if (!hasRecentSignIn(actor, now)) throw new AppError("reauthentication_required", SUDO_MESSAGE);
}
