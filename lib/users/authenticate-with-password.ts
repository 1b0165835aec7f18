// Email + password sign-in. One generic failure for every cause; both answers cost the same work,
// so timing does not tell which accounts exist (SA-09, TE-07): an unknown email costs a dummy
// argon2 verification, the user and their memberships are looked up whether or not a row comes
// back, and a failure's audit rows (one per organization of the user, or one in the instance log)
// are written by the activity batcher with its next flush, never on the answer's path.
import { z } from "zod";
import type { Db } from "../db/client";
import type { AuditAction } from "../audit/audit-actions";
import { auditRow, recordAuditEvents, type AuditEventInput } from "../audit/record-audit-event";
import type { SignInLimits } from "../rate-limit/sign-in-limiter";
import { getRuntime } from "../runtime/current";
import type { ActivityBatcher } from "../usage/activity-batcher";
import { EmailAddress, normalizeEmail } from "../validation/email";
import { hasSecondFactor, consumeSecondFactor } from "../two-factor/two-factor";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "./password";

// Accounts are stored under `normalizeEmail` (NFC, lower case), so the typed address is normalized
// the same way before the lookup: one with other case or a decomposed "é" finds its account.
export const PasswordSignInInput = z.object({
  email: EmailAddress.transform(normalizeEmail),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  // The second step of a sign-in with two-factor on: a TOTP code or a recovery code (TF-04).
  code: z.string().max(64).optional(),
});
export type PasswordSignInInput = z.infer<typeof PasswordSignInInput>;

export type SignedInUser = { id: string; email: string; name: string };
export type PasswordSignInResult =
  /** `verifiedHash`: the stored hash the password matched, so the session starts only while it stands. */
  | { ok: true; user: SignedInUser; verifiedHash: string }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "second_factor_required" }
  | { ok: false; reason: "invalid_second_factor" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

const NO_USER = "00000000-0000-0000-0000-000000000000";

type RequestMeta = { ip: string; userAgent: string | null };
type Deps = {
  limits: SignInLimits;
  activity: Pick<ActivityBatcher, "auditLater">;
  /** The key-encryption key that seals TOTP secrets. */
  kek?: string;
};

const runtimeDeps = (): Deps => {
  const runtime = getRuntime();
  return { limits: runtime.limits.signIn, activity: runtime.activity, kek: runtime.env.SIGNING_KEY_ENCRYPTION_KEY };
};

export async function authenticateWithPassword(
  db: Db,
  rawInput: unknown,
  meta: RequestMeta,
  { limits, activity, kek }: Deps = runtimeDeps(),
): Promise<PasswordSignInResult> {
  const parsed = PasswordSignInInput.safeParse(rawInput);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password, code } = parsed.data;

  const gate = await limits.admit(meta.ip, email);
  if (!gate.allowed) {
    await recordAuditEvents(db, auditEvents(null, [], email, meta, "failure", "rate_limited"));
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }

  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      email: true,
      name: true,
      passwordHash: true,
    },
  });
  // Asked for an unknown email too (of an id no row has), so both paths run the same queries.
  const memberships = await db.membership.findMany({ where: { userId: user?.id ?? NO_USER }, select: { orgId: true } });
  // An account made by single sign-on has no password: verifyPassword spends the dummy hash and
  // answers false, so it gets the generic failure after the same work as a wrong password (SO-07).
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    const at = new Date();
    activity.auditLater(
      auditEvents(user, memberships, email, meta, "failure", user ? "wrong_password" : "unknown_email").map((e) =>
        auditRow(e, at),
      ),
    );
    return { ok: false, reason: "invalid_credentials" };
  }
  // The password was right. With two-factor on, the sign-in needs the second step too; the
  // attempt stays counted by the throttle until it succeeds, so codes are guessed no faster than
  // passwords (TF-04).
  let secondFactor: string | null = null;
  if (await hasSecondFactor(db, user.id)) {
    if (!code) {
      await limits.giveBack(meta.ip);
      return { ok: false, reason: "second_factor_required" };
    }
    secondFactor = await consumeSecondFactor(db, user.id, code, new Date(), kek);
    if (!secondFactor) {
      await recordAuditEvents(db, auditEvents(user, memberships, email, meta, "failure", "wrong_second_factor"));
      return { ok: false, reason: "invalid_second_factor" };
    }
  }
  await limits.clearFailures(email, meta.ip);
  await recordAuditEvents(db, auditEvents(user, memberships, email, meta, "success", null, secondFactor));
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, verifiedHash: user.passwordHash! };
}

// A sign-in belongs to the user, so it is written to the audit log of each organization the user
// is a member of (org admins see it); an unknown email lands in the instance-level log (org null).
function auditEvents(
  user: { id: string } | null,
  memberships: { orgId: string }[],
  email: string,
  meta: RequestMeta,
  outcome: "success" | "failure",
  reason: string | null,
  secondFactor: string | null = null,
): AuditEventInput[] {
  const orgIds = memberships.length > 0 ? memberships.map((m) => m.orgId) : [null];
  const action: AuditAction = outcome === "success" ? "user.sign_in" : "user.sign_in_failed";
  return orgIds.map((orgId) => ({
    orgId,
    actorType: "user" as const,
    actorId: user?.id ?? null,
    actorLabel: email,
    action,
    targetType: "user",
    targetId: user?.id ?? null,
    targetLabel: user ? email : null,
    outcome,
    ip: meta.ip,
    userAgent: meta.userAgent,
    metadata: { ...(reason ? { reason } : {}), ...(secondFactor ? { secondFactor } : {}) },
  }));
}
