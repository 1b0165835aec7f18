// Settings > Plan & limits (RL-05, RL-06, RL-07): the organization's plan, each of its per-minute
// limits with this minute's use read from the limiter that enforces it (a peek, which consumes
// nothing), and the requests its plan limits refused (429) on each of the last 7 UTC days, zero
// days included. Every member reads it.
import type { UserActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import type { Plan } from "../db/enums";
import { AppError } from "../errors";
import { PLAN_API_LIMITS } from "../rate-limit/api-limits";
import type { LimitUse } from "../rate-limit/limiter-store";
import { PLAN_TOKEN_LIMITS } from "../rate-limit/token-limits";
import type { PlanLimitKind } from "../usage/activity-batcher";

export const PLAN_LABELS: Record<Plan, string> = {
  starter: "Starter",
  professional: "Professional",
  enterprise: "Enterprise",
};

export const REJECTION_DAYS = 7;
const DAY_MS = 86_400_000;

/** The limiters' read-only side: the runtime's Limits, or the same two methods on a test's own. */
export type LimitPeeks = {
  token: { peekIssuance(plan: Plan, orgId: string): Promise<LimitUse | null> };
  api: { peek(plan: Plan, orgId: string): Promise<LimitUse | null> };
};

export type PlanLimitDto = {
  kind: PlanLimitKind;
  label: string;
  /** Per minute; null: unlimited (Enterprise). */
  perMinute: number | null;
  /** Admitted in the current one-minute window; null when unlimited (nothing is counted). */
  usedThisMinute: number | null;
  /** Seconds until the current window ends; null when no window is open. */
  resetSeconds: number | null;
};

export type PlanOverview = {
  plan: Plan;
  planLabel: string;
  limits: PlanLimitDto[];
  /** Oldest first, REJECTION_DAYS entries ending today (UTC), `date` as YYYY-MM-DD. */
  rejections: Array<{ date: string; tokens: number; api: number }>;
};

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function getPlanOverview(
  actor: UserActor,
  { db = getDb(), limits, now = new Date() }: { db?: Db; limits: LimitPeeks; now?: Date },
): Promise<PlanOverview> {
  assertCan(actor, "plan:read");
  // The plan as stored now, not as the session last saw it: the operator may just have changed it.
  const org = await db.organization.findUnique({ where: { id: actor.orgId }, select: { plan: true } });
  if (!org) throw new AppError("not_found", "This organization does not exist.");
  const { plan } = org;

  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const first = today - (REJECTION_DAYS - 1) * DAY_MS;
  const [tokenUse, apiUse, rows] = await Promise.all([
    limits.token.peekIssuance(plan, actor.orgId),
    limits.api.peek(plan, actor.orgId),
    db.rateLimitRejection.findMany({
      where: { orgId: actor.orgId, day: { gte: new Date(first), lte: new Date(today) } },
      select: { day: true, kind: true, count: true },
    }),
  ]);

  const rejections = Array.from({ length: REJECTION_DAYS }, (_, i) => ({
    date: utcDate(first + i * DAY_MS),
    tokens: 0,
    api: 0,
  }));
  for (const row of rows) {
    const entry = rejections.find((day) => day.date === utcDate(row.day.getTime()));
    if (entry && (row.kind === "tokens" || row.kind === "api")) entry[row.kind] += row.count;
  }

  const limit = (kind: PlanLimitKind, label: string, perMinute: number | null, use: LimitUse | null) => ({
    kind,
    label,
    perMinute,
    usedThisMinute: perMinute === null ? null : (use?.used ?? 0),
    resetSeconds: use?.resetSeconds ?? null,
  });
  return {
    plan,
    planLabel: PLAN_LABELS[plan],
    limits: [
      limit(
        "tokens",
        "Access tokens issued",
        perMinute(PLAN_TOKEN_LIMITS[plan]?.tokensPerWindow, PLAN_TOKEN_LIMITS[plan]?.windowSeconds),
        tokenUse,
      ),
      limit(
        "api",
        "API requests",
        perMinute(PLAN_API_LIMITS[plan]?.requestsPerWindow, PLAN_API_LIMITS[plan]?.windowSeconds),
        apiUse,
      ),
    ],
    rejections,
  };
}

/** The tables give a count per window; every window is one minute today, and a different one is a bug here. */
function perMinute(count: number | undefined, windowSeconds: number | undefined): number | null {
  if (count === undefined) return null;
  if (windowSeconds !== 60) throw new Error("plan limits are shown per minute; a window is not 60 s");
  return count;
}
