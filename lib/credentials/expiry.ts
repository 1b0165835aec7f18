// Turns the form's expiry choice into an instant by the server clock; a past date is refused.
import { AppError } from "../errors";
import type { CredentialExpiry } from "./schemas";

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_EXPIRY_DAYS = 5 * 366; // keys should rotate; a custom date decades away is a typo

export function resolveExpiry(expiry: CredentialExpiry, now: Date): Date | null {
  if (expiry.kind === "never") return null;
  const at = expiry.kind === "days" ? new Date(now.getTime() + expiry.days * DAY_MS) : new Date(expiry.date);
  if (at <= now) {
    throw new AppError("invalid_request", "Check the highlighted fields.", {
      fieldErrors: { expiry: ["Choose a date in the future."] },
    });
  }
  if (at.getTime() - now.getTime() > MAX_EXPIRY_DAYS * DAY_MS) {
    throw new AppError("invalid_request", "Check the highlighted fields.", {
      fieldErrors: { expiry: ["Choose a date within five years."] },
    });
  }
  return at;
}
