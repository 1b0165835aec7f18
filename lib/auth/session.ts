// Who is asking: the next-auth JWT names a session row; every request checks that row and reads the
// user and the membership from the database (once per request: React's cache), so a removed
// member or an ended session is out at once (SA-01, SA-08, SA-09, SS-01).
// A user whose address is not confirmed yet (a sign-up with SMTP, AC-06) is signed in but acts
// in no organization: getActor answers null for them and requireActor sends them to the "Check
// your inbox" page. Whether the address is confirmed comes with the session's one query, so the
// gate costs no query of its own.
import "server-only";
import { getServerSession } from "next-auth";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "../db/client";
import type { UserActor } from "../authz/actor";
import { sessionPolicy } from "../env";
import { getRuntime } from "../runtime/current";
import { checkSession } from "../sessions/session-store";
import { hasSecondFactor } from "../two-factor/two-factor";
import type { Plan, Role } from "../db/enums";
import { isOrgSlug } from "../validation/org-slug";
import { authOptions } from "./options";

export type { Plan, Role };
export type SessionUser = {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
  /** The session this request belongs to, and when a credential was last presented in it. */
  sessionId: string;
  authenticatedAt: Date;
};

/** Where a signed-in user whose address is not confirmed yet is sent (AC-06). */
export const CHECK_INBOX_PATH = "/verify-email";

/** The signed-in user acting in one organization: an Actor for use cases, plus what pages show. */
export type SessionActor = UserActor & { user: SessionUser; orgSlug: string; orgName: string; plan: Plan };

type SessionClaims = { sid?: unknown } | null;

/** The live session the cookie names, pending second factor or not (one query per request). */
const liveSession = cache(async () => {
  const session = (await getServerSession(authOptions())) as SessionClaims;
  const sid = session?.sid;
  if (typeof sid !== "string") return null;
  const runtime = getRuntime();
  return checkSession(getDb(), sid, runtime.clock.now(), sessionPolicy(runtime.env));
});

/** Where a single sign-on whose second factor is still to come is sent (TF-06). */
export const SECOND_FACTOR_PATH = "/sign-in/second-factor";

/**
 * A session signed in by single sign-on that still owes its second factor (TF-06): the session
 * id and user, for that one page and its action; everything else sees it as signed out.
 */
export async function getPendingSecondFactor(): Promise<{ sessionId: string; userId: string; email: string } | null> {
  const live = await liveSession();
  return live?.secondFactorPending ? { sessionId: live.id, userId: live.user.id, email: live.user.email } : null;
}

/**
 * The signed-in user, or null when signed out, the user is gone, the session ended or expired, or
 * it still owes its second factor.
 */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const live = await liveSession();
  if (!live || live.secondFactorPending) return null;
  const { user } = live;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    emailVerified: user.emailVerifiedAt !== null,
    sessionId: live.id,
    authenticatedAt: live.authenticatedAt,
  };
});

/**
 * The caller's membership in `orgSlug` and whether the organization's two-factor requirement
 * holds them back (TF-05), or null: another org's slug looks like one that doesn't exist, and so
 * does a string outside the slug grammar (never sent to the database), and so does a deleted
 * organization (a tombstone, OR-05). A user whose address is unconfirmed has no actor in any
 * organization (AC-06).
 */
const resolveActor = cache(
  async (orgSlug: string): Promise<{ actor: SessionActor; needsTwoFactor: boolean } | null> => {
    if (!isOrgSlug(orgSlug)) return null;
    const user = await getSessionUser();
    if (!user || !user.emailVerified) return null;
    const membership = await getDb().membership.findFirst({
      where: { userId: user.id, org: { slug: orgSlug, deletedAt: null } },
      select: {
        role: true,
        org: { select: { id: true, slug: true, name: true, plan: true, requireTwoFactor: true } },
      },
    });
    if (!membership) return null;
    const { org } = membership;
    // Asked only of organizations that require it: everyone else pays no query for it.
    const needsTwoFactor = org.requireTwoFactor && !(await hasSecondFactor(getDb(), user.id));
    const actor: SessionActor = {
      kind: "user",
      userId: user.id,
      orgId: org.id,
      role: membership.role,
      authenticatedAt: user.authenticatedAt,
      user,
      orgSlug: org.slug,
      orgName: org.name,
      plan: org.plan,
    };
    return { actor, needsTwoFactor };
  },
);

/**
 * The caller acting in `orgSlug`, or null: not a member (see resolveActor), or a member the
 * organization's two-factor requirement holds back, so every page, action and route that acts
 * through an actor refuses them until they set it up.
 */
export const getActor = cache(async (orgSlug: string): Promise<SessionActor | null> => {
  const resolved = await resolveActor(orgSlug);
  return resolved && !resolved.needsTwoFactor ? resolved.actor : null;
});

/** Whether `orgSlug` requires two-factor and the signed-in member has none yet (TF-05). */
export const needsTwoFactorSetup = async (orgSlug: string): Promise<boolean> =>
  (await resolveActor(orgSlug))?.needsTwoFactor ?? false;

/** Where a member held back by the two-factor requirement is sent: their account's security settings. */
export const twoFactorSetupPath = (orgSlug: string) =>
  `/${encodeURIComponent(orgSlug)}/settings/account?two-factor=required`;

/**
 * For pages and layouts: not a slug → 404; signed out → sign-in page; address not confirmed →
 * "Check your inbox" (AC-06); not a member → 404; held back by the organization's two-factor
 * requirement → the account page to set it up (TF-05), unless this is a page that serves the setup
 * (`allowTwoFactorSetup`: the layout and the account page).
 */
export async function requireActor(
  orgSlug: string,
  { allowTwoFactorSetup = false }: { allowTwoFactorSetup?: boolean } = {},
): Promise<SessionActor> {
  if (!isOrgSlug(orgSlug)) notFound();
  const user = await getSessionUser();
  if (!user && (await getPendingSecondFactor())) redirect(SECOND_FACTOR_PATH);
  if (!user) redirect(`/sign-in?callbackUrl=${encodeURIComponent(`/${orgSlug}`)}`);
  if (!user.emailVerified) redirect(CHECK_INBOX_PATH);
  const resolved = await resolveActor(orgSlug);
  if (!resolved) notFound();
  if (resolved.needsTwoFactor && !allowTwoFactorSetup) redirect(twoFactorSetupPath(orgSlug));
  return resolved.actor;
}

export async function listMemberships(
  userId: string,
): Promise<Array<{ orgSlug: string; orgName: string; role: Role }>> {
  const rows = await getDb().membership.findMany({
    where: { userId, org: { deletedAt: null } },
    select: { role: true, org: { select: { slug: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ orgSlug: row.org.slug, orgName: row.org.name, role: row.role }));
}
