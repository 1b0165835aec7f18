// Two-factor authentication with an authenticator app (TF-01..TF-04), under Settings > Account >
// Security: setting it up (a sealed secret, confirmed by a first code, then ten recovery codes shown
// once), checking a second factor at sign-in (a TOTP code of a step not used before, or an unused
// recovery code, each consumed by one conditional update so two requests cannot both use it),
// new recovery codes and turning it off (both in sudo mode). Every change is audited.
import { assertRecentSessionSignIn } from "../authz/sudo";
import type { Db, Tx } from "../db/client";
import { AppError } from "../errors";
import { getRuntime } from "../runtime/current";
import type { RequestInfo } from "../use-case";
import { auditAccountEvent } from "../users/user-audit";
import { digestRecoveryCode, generateRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";
import { newTotpSecret, openTotpSecret, provisioning, sealTotpSecret, totpStep } from "./totp";

type Options = { db?: Db; now?: Date; request?: RequestInfo };
type AccountUser = { id: string; email: string; authenticatedAt?: Date };

const defaults = (options: Options) => ({
  db: options.db ?? getRuntime().db,
  now: options.now ?? getRuntime().clock.now(),
  kek: getRuntime().env.SIGNING_KEY_ENCRYPTION_KEY,
});

export type TwoFactorStatus = { totp: boolean; recoveryCodesLeft: number };

export async function twoFactorStatus(userId: string, { db = getRuntime().db }: { db?: Db } = {}) {
  const [factor, left] = await Promise.all([
    db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { totp: Boolean(factor?.confirmedAt), recoveryCodesLeft: left } satisfies TwoFactorStatus;
}

export const hasSecondFactor = async (db: Db | Tx, userId: string): Promise<boolean> =>
  Boolean((await db.totpFactor.findUnique({ where: { userId }, select: { confirmedAt: true } }))?.confirmedAt);

const ALREADY_ON = "Two-factor authentication is already on. Turn it off first to use another app.";

/** A new secret for the app to scan; replaces an unconfirmed one. Nothing changes until it is confirmed. */
export async function startTotpSetup(user: AccountUser, options: Options = {}) {
  const { db, now, kek } = defaults(options);
  // Sudo mode: a stolen, idle session must not enrol its own app and then confirm sudo with it.
  assertRecentSessionSignIn(user, now);
  if (await hasSecondFactor(db, user.id)) throw new AppError("conflict", ALREADY_ON);
  const secret = newTotpSecret();
  const secretEncrypted = sealTotpSecret(secret, user.id, kek);
  await db.totpFactor.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secretEncrypted },
    update: { secretEncrypted, lastTimeStep: null, confirmedAt: null },
  });
  return { secret, ...(await provisioning(secret, user.email)) };
}

async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, generateRecoveryCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({
    data: codes.map((code) => ({ userId, codeDigest: digestRecoveryCode(normalizeRecoveryCode(code)!) })),
  });
  return codes;
}

const WRONG_CODE = "That code didn't work. Enter the newest code your app shows.";

/** A second factor refused at sign-in or confirmation: the app's code or a recovery code. */
export const WRONG_SECOND_FACTOR_MESSAGE =
  "That code didn't work. Enter the newest code from your app, or an unused recovery code.";

/** The first code proves the app has the secret: two-factor is on, and the recovery codes are made. */
export async function confirmTotpSetup(user: AccountUser, input: { code: string }, options: Options = {}) {
  const { db, now, kek } = defaults(options);
  assertRecentSessionSignIn(user, now);
  const factor = await db.totpFactor.findUnique({
    where: { userId: user.id },
    select: { id: true, confirmedAt: true, secretEncrypted: true },
  });
  if (!factor) throw new AppError("conflict", "Start the setup again: scan a new code.");
  if (factor.confirmedAt) throw new AppError("conflict", ALREADY_ON);
  const step = await totpStep(openTotpSecret(factor.secretEncrypted, user.id, kek), input.code, now, null);
  if (step === null) throw new AppError("invalid_request", WRONG_CODE, { fieldErrors: { code: [WRONG_CODE] } });
  return db.$transaction(async (tx) => {
    const { count } = await tx.totpFactor.updateMany({
      // The secret the code was checked against: a setup restarted in another tab meanwhile wins.
      where: { id: factor.id, confirmedAt: null, secretEncrypted: factor.secretEncrypted },
      data: { confirmedAt: now, lastTimeStep: step },
    });
    if (count !== 1) throw new AppError("conflict", "The setup changed meanwhile. Start it again: scan a new code.");
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await auditAccountEvent(tx, user, "user.two_factor_enabled", { request: options.request, at: now });
    return { recoveryCodes };
  });
}

/** Ten new recovery codes; the old ones stop working. Sudo mode. */
export async function regenerateRecoveryCodes(user: AccountUser, options: Options = {}) {
  const { db, now } = defaults(options);
  assertRecentSessionSignIn(user, now);
  if (!(await hasSecondFactor(db, user.id))) throw new AppError("conflict", "Two-factor authentication is off.");
  return db.$transaction(async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id);
    await auditAccountEvent(tx, user, "user.recovery_codes_regenerated", { request: options.request, at: now });
    return { recoveryCodes };
  });
}

/** Turns two-factor off: the app's secret and the recovery codes are deleted. Sudo mode. */
export async function disableTwoFactor(user: AccountUser, options: Options = {}) {
  const { db, now } = defaults(options);
  assertRecentSessionSignIn(user, now);
  await db.$transaction(async (tx) => {
    const { count } = await tx.totpFactor.deleteMany({ where: { userId: user.id, confirmedAt: { not: null } } });
    if (count === 0) throw new AppError("conflict", "Two-factor authentication is already off.");
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await auditAccountEvent(tx, user, "user.two_factor_disabled", { request: options.request, at: now });
  });
}

/**
 * A second factor presented at sign-in: a 6-digit code of a step after the last one used, or an
 * unused recovery code. Returns which one worked, or null. Each is used up by a conditional update.
 */
export async function consumeSecondFactor(
  db: Db,
  userId: string,
  code: string,
  now: Date,
  kek: string | undefined,
): Promise<"totp" | "recovery_code" | null> {
  const typed = code.trim();
  if (/^\d{6}$/.test(typed.replace(/\s/g, ""))) {
    const factor = await db.totpFactor.findUnique({
      where: { userId },
      select: { id: true, confirmedAt: true, secretEncrypted: true, lastTimeStep: true },
    });
    if (!factor?.confirmedAt) return null;
    const secret = openTotpSecret(factor.secretEncrypted, userId, kek);
    const step = await totpStep(secret, typed.replace(/\s/g, ""), now, factor.lastTimeStep);
    if (step === null) return null;
    const { count } = await db.totpFactor.updateMany({
      where: { id: factor.id, OR: [{ lastTimeStep: null }, { lastTimeStep: { lt: step } }] },
      data: { lastTimeStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  const normalized = normalizeRecoveryCode(typed);
  if (!normalized) return null;
  const { count } = await db.recoveryCode.updateMany({
    where: { userId, codeDigest: digestRecoveryCode(normalized), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1 ? "recovery_code" : null;
}
