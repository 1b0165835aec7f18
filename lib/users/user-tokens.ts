// One-time links of a user (password reset, email verification), stored by digest (OT-01).
// Issuing one retires the user's earlier links of the same purpose, so only the newest works;
// consuming is one conditional update, so two concurrent uses of a link succeed once.
import type { Db, Tx } from "../db/client";
import type { UserTokenPurpose } from "../db/generated/enums";
import { AppError } from "../errors";
import { digestOneTimeToken, generateOneTimeToken, isOneTimeTokenShape } from "../tokens/one-time-token";

export const USER_TOKEN_TTL_MS: Record<UserTokenPurpose, number> = {
  password_reset: 60 * 60 * 1000,
  email_verification: 24 * 60 * 60 * 1000,
};

export type UserTokenState = "valid" | "expired" | "used" | "not_found";

export async function issueUserToken(tx: Tx, userId: string, purpose: UserTokenPurpose, now: Date): Promise<string> {
  await tx.userToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } });
  const { token, digest } = generateOneTimeToken();
  await tx.userToken.create({
    data: { userId, purpose, tokenDigest: digest, expiresAt: new Date(now.getTime() + USER_TOKEN_TTL_MS[purpose]) },
  });
  return token;
}

/** What the link's page shows before anything is submitted. */
export async function inspectUserToken(
  db: Db | Tx,
  token: string,
  purpose: UserTokenPurpose,
  now: Date,
): Promise<{ state: UserTokenState; userId: string | null }> {
  if (!isOneTimeTokenShape(token)) return { state: "not_found", userId: null };
  const row = await db.userToken.findUnique({
    where: { tokenDigest: digestOneTimeToken(token) },
    select: { userId: true, purpose: true, usedAt: true, expiresAt: true },
  });
  if (!row || row.purpose !== purpose) return { state: "not_found", userId: null };
  if (row.usedAt) return { state: "used", userId: row.userId };
  if (row.expiresAt <= now) return { state: "expired", userId: row.userId };
  return { state: "valid", userId: row.userId };
}

const REFUSALS: Record<Exclude<UserTokenState, "valid">, string> = {
  not_found: "This link is not valid. Check that you copied all of it, or ask for a new one.",
  used: "This link has already been used, or a newer one was sent. Ask for a new one.",
  expired: "This link has expired. Ask for a new one.",
};

/** Uses the link up inside `tx` and returns its user; a used, expired or unknown link is refused. */
export async function consumeUserToken(tx: Tx, token: string, purpose: UserTokenPurpose, now: Date): Promise<string> {
  const { state, userId } = await inspectUserToken(tx, token, purpose, now);
  if (state !== "valid" || !userId)
    throw new AppError("invalid_request", REFUSALS[state === "valid" ? "not_found" : state]);
  const taken = await tx.userToken.updateMany({
    where: { tokenDigest: digestOneTimeToken(token), usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (taken.count !== 1) throw new AppError("invalid_request", REFUSALS.used);
  return userId;
}

export function userTokenRefusal(state: Exclude<UserTokenState, "valid">): string {
  return REFUSALS[state];
}
