// Email + password sign-in. One generic failure for every cause; unknown emails cost a dummy
// argon2 verification so timing does not tell which accounts exist (SA-09, TE-07).
import { z } from "zod";
import type { Db } from "../db/client";
import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvent } from "../audit/record-audit-event";
import type { SignInLimits } from "../rate-limit/sign-in-limiter";
import { getRuntime } from "../runtime/current";
import { MAX_PASSWORD_LENGTH, verifyPassword } from "./password";

export const PasswordSignInInput = z.object({
  email: z.string().trim().toLowerCase().max(320).pipe(z.email()),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type PasswordSignInInput = z.infer<typeof PasswordSignInInput>;

export type SignedInUser = { id: string; email: string; name: string; sessionVersion: number };
export type PasswordSignInResult =
  | { ok: true; user: SignedInUser }
  | { ok: false; reason: "invalid_credentials" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

type RequestMeta = { ip: string; userAgent: string | null };

export async function authenticateWithPassword(
  db: Db,
  rawInput: unknown,
  meta: RequestMeta,
  limits: SignInLimits = getRuntime().limits.signIn,
): Promise<PasswordSignInResult> {
  const parsed = PasswordSignInInput.safeParse(rawInput);
  if (!parsed.success) return { ok: false, reason: "invalid_credentials" };
  const { email, password } = parsed.data;

  const gate = await limits.admit(meta.ip, email);
  if (!gate.allowed) {
    await audit(db, null, email, meta, "failure", "rate_limited");
    return { ok: false, reason: "rate_limited", retryAfterSeconds: gate.retryAfterSeconds };
  }

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, sessionVersion: true, passwordHash: true },
  });
  const valid = await verifyPassword(user?.passwordHash, password);
  if (!user || !valid) {
    await audit(db, user?.id ?? null, email, meta, "failure", user ? "wrong_password" : "unknown_email");
    return { ok: false, reason: "invalid_credentials" };
  }
  await limits.clearFailures(email);
  await audit(db, user.id, email, meta, "success", null);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion } };
}

// A sign-in belongs to the user, so it is written to the audit log of each organization the user
// is a member of (org admins see it); an unknown email lands in the instance-level log (org null).
async function audit(
  db: Db,
  userId: string | null,
  email: string,
  meta: RequestMeta,
  outcome: "success" | "failure",
  reason: string | null,
): Promise<void> {
  const orgIds = userId
    ? (await db.membership.findMany({ where: { userId }, select: { orgId: true } })).map((m) => m.orgId)
    : [];
  const action: AuditAction = outcome === "success" ? "user.sign_in" : "user.sign_in_failed";
  const base = {
    actorType: "user" as const,
    actorId: userId,
    actorLabel: email,
    action,
    targetType: "user",
    targetId: userId,
    targetLabel: userId ? email : null,
    outcome,
    ip: meta.ip,
    userAgent: meta.userAgent,
    metadata: reason ? { reason } : {},
  };
  for (const orgId of orgIds.length > 0 ? orgIds : [null]) await recordAuditEvent(db, { ...base, orgId });
}
