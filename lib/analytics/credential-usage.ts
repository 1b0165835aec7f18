// One key's usage, for its detail page's chart: hourly or daily buckets of token issuances and
// API requests by outcome over a range, the totals with a one-line summary, and the latest
// failures. Scoped by orgId; another organization's key id is not found. The counter vocabulary
// is usage.ts's.
import type { Actor } from "../authz/actor";
import { assertCan, can } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import { AppError } from "../errors";
import { USAGE_RANGES, type UsageRange } from "./usage-ranges";
import { z } from "zod";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const CredentialUsageQuery = z.object({ range: z.enum(USAGE_RANGES).catch("24h").default("24h") });

const RANGE_SPEC: Record<UsageRange, { buckets: number; bucketMs: number; label: string }> = {
  "24h": { buckets: 24, bucketMs: HOUR_MS, label: "the last 24 h" },
  "7d": { buckets: 7, bucketMs: DAY_MS, label: "the last 7 days" },
  "30d": { buckets: 30, bucketMs: DAY_MS, label: "the last 30 days" },
};

/** The latest failures read for the list; repeats fold into one line each, so a burst fits. */
export const RECENT_FAILURES_LIMIT = 100;

/** One bar of the chart: API requests by outcome group, and token requests. */
export type UsagePoint = {
  start: string;
  ok: number;
  authFailed: number;
  rateLimited: number;
  otherErrors: number;
  tokenIssuances: number;
  tokenFailures: number;
};

const COUNT_FIELDS = ["ok", "authFailed", "rateLimited", "otherErrors", "tokenIssuances", "tokenFailures"] as const;
const zeroCounts = () =>
  Object.fromEntries(COUNT_FIELDS.map((field) => [field, 0])) as Record<(typeof COUNT_FIELDS)[number], number>;

export type UsageTotals = Omit<UsagePoint, "start"> & { requests: number };

export type CredentialUsage = {
  range: UsageRange;
  granularity: "hour" | "day";
  from: string;
  to: string;
  points: UsagePoint[];
  totals: UsageTotals;
  summary: string;
  lastUsed: { at: string; ip: string | null; userAgent: string | null } | null;
  /** From the audit log, so null ("not visible to your role") unless the viewer has `audit:read`. */
  recentFailures: RecentFailure[] | null;
};

export type RecentFailure = {
  id: string;
  action: string;
  at: string;
  ip: string | null;
  userAgent: string | null;
  reason: string | null;
  endpoint: string | null;
};

type BucketRow = { bucket_start: Date; is_token: boolean; outcome: string; n: bigint | number };

const number = new Intl.NumberFormat("en-US");

function percent(part: number, whole: number): string {
  const value = (part / whole) * 100;
  if (value > 0 && value < 1) return "<1%";
  return `${Math.round(value)}%`;
}

/** "1,204 requests in the last 24 h, 3% rate-limited" plus denials and tokens when there are any. */
export function summarizeUsage(totals: UsageTotals, range: UsageRange): string {
  const label = RANGE_SPEC[range].label;
  const parts: string[] = [];
  if (totals.requests === 0) {
    parts.push(`No API requests in ${label}`);
  } else {
    const head = `${number.format(totals.requests)} ${totals.requests === 1 ? "request" : "requests"} in ${label}, ${percent(totals.rateLimited, totals.requests)} rate-limited`;
    parts.push(
      totals.authFailed > 0 ? `${head}, ${percent(totals.authFailed, totals.requests)} denied (401/403)` : head,
    );
  }
  if (totals.tokenIssuances > 0 || totals.tokenFailures > 0) {
    const tokens = `${number.format(totals.tokenIssuances)} access ${totals.tokenIssuances === 1 ? "token" : "tokens"} issued`;
    parts.push(
      totals.tokenFailures > 0
        ? `${tokens}, ${number.format(totals.tokenFailures)} failed token ${totals.tokenFailures === 1 ? "request" : "requests"}`
        : tokens,
    );
  }
  return parts.join("; ") + ".";
}

function addToPoint(point: UsagePoint, row: BucketRow) {
  const n = Number(row.n);
  if (row.is_token) {
    if (row.outcome === "success") point.tokenIssuances += n;
    else point.tokenFailures += n;
    return;
  }
  if (row.outcome === "2xx") point.ok += n;
  else if (row.outcome === "4xx_auth") point.authFailed += n;
  else if (row.outcome === "429") point.rateLimited += n;
  else point.otherErrors += n;
}

/**
 * One key's usage over `range` ending now: hourly buckets for 24 h, UTC days otherwise (the
 * current, partial hour or day included), the text summary, last use and recent failures. The
 * recent failures are audit events (addresses, user agents): owners and admins only (SECURITY
 * LG-02), null for every other role.
 */
export async function getCredentialUsage(
  viewer: Actor,
  credentialId: string,
  range: UsageRange,
  now: Date = new Date(),
  { db = getDb() }: { db?: Db } = {},
): Promise<CredentialUsage> {
  assertCan(viewer, "credentials:read");
  const { orgId } = viewer;
  const showFailures = can(viewer, "audit:read");
  const key = await db.apiKey.findFirst({
    where: { id: credentialId, orgId },
    select: { id: true, lastUsedAt: true, lastUsedIp: true, lastUsedUserAgent: true },
  });
  if (!key) throw new AppError("not_found", "This API key does not exist.");

  const { buckets, bucketMs } = RANGE_SPEC[range];
  const end = Math.floor(now.getTime() / bucketMs) * bucketMs + bucketMs;
  const start = end - buckets * bucketMs;
  const points: UsagePoint[] = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(start + i * bucketMs).toISOString(),
    ...zeroCounts(),
  }));

  const [rows, failures] = await Promise.all([
    db.$queryRaw<BucketRow[]>`
      SELECT bucket_start, kind = 'token' AS is_token, outcome, SUM(count)::bigint AS n
      FROM usage_counters
      WHERE org_id = ${orgId}::uuid AND api_key_id = ${key.id}::uuid
        AND bucket_start >= ${new Date(start)} AND bucket_start < ${new Date(end)}
      GROUP BY 1, 2, 3`,
    showFailures
      ? db.auditEvent.findMany({
          where: { orgId, targetType: "api_key", targetId: key.id, outcome: { in: ["failure", "denied"] } },
          select: { id: true, action: true, createdAt: true, ip: true, userAgent: true, metadata: true },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
          take: RECENT_FAILURES_LIMIT,
        })
      : null,
  ]);
  for (const row of rows) {
    const index = Math.floor((row.bucket_start.getTime() - start) / bucketMs);
    const point = points[index];
    if (point) addToPoint(point, row);
  }

  const totals: UsageTotals = { requests: 0, ...zeroCounts() };
  for (const point of points) {
    for (const field of COUNT_FIELDS) totals[field] += point[field];
  }
  totals.requests = totals.ok + totals.authFailed + totals.rateLimited + totals.otherErrors;

  const text = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    range,
    granularity: bucketMs === HOUR_MS ? "hour" : "day",
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    points,
    totals,
    summary: summarizeUsage(totals, range),
    lastUsed: key.lastUsedAt
      ? { at: key.lastUsedAt.toISOString(), ip: key.lastUsedIp, userAgent: key.lastUsedUserAgent }
      : null,
    recentFailures:
      failures?.map((event): RecentFailure => {
        const metadata = (event.metadata ?? {}) as Record<string, unknown>;
        return {
          id: event.id,
          action: event.action,
          at: event.createdAt.toISOString(),
          ip: event.ip,
          userAgent: event.userAgent,
          reason: text(metadata.reason),
          endpoint: text(metadata.endpoint),
        };
      }) ?? null,
  };
}
