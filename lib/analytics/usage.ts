// Usage analytics read from usage_counters (hourly buckets per key, kind and outcome, written in
// batches by lib/usage). Two readers: the organization's per-key, per-UTC-day report behind
// `GET /v1/analytics/usage`, and one key's time series for its detail page. Both are scoped by
// orgId in every query; another organization's key id is not found.
//
// Counter vocabulary (issue 5): kind "token" counts token issuances with outcome
// "success"/"failure"; any other kind is an API route ("GET /v1/agents") with outcome "2xx",
// "4xx_auth" (401/403), "429", "4xx" or "5xx".
import { z } from "zod";
import type { Actor } from "../authz/actor";
import { assertCan, can } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import type { Environment } from "../db/generated/enums";
import { AppError } from "../errors";
import { USAGE_RANGES, type UsageRange } from "./usage-ranges";

export const REQUEST_OUTCOMES = ["2xx", "4xx_auth", "429", "4xx", "5xx"] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];
export type RequestCounts = Record<RequestOutcome, number>;

export const MAX_USAGE_RANGE_DAYS = 90;
export const DEFAULT_USAGE_RANGE_DAYS = 7;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const emptyRequests = (): RequestCounts => ({ "2xx": 0, "4xx_auth": 0, "429": 0, "4xx": 0, "5xx": 0 });
const isRequestOutcome = (value: string): value is RequestOutcome =>
  (REQUEST_OUTCOMES as readonly string[]).includes(value);
const startOfUtcDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

// ---------------------------------------------------------------------------------------------
// Organization report: GET /v1/analytics/usage
// ---------------------------------------------------------------------------------------------

export const MIN_USAGE_YEAR = 2000;

/**
 * A calendar day (`2026-03-01`) or an instant with offset; either names its whole UTC day. Years
 * before MIN_USAGE_YEAR hold no usage, and PostgreSQL refuses some of them (year 0000) outright.
 */
const UsageDay = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], { error: "Use an ISO date such as 2026-03-01." })
  .refine((value) => new Date(value).getUTCFullYear() >= MIN_USAGE_YEAR, `Use a date in ${MIN_USAGE_YEAR} or later.`);

/**
 * `?from=&to=` of the usage report: whole UTC days, both inclusive. `to` defaults to today,
 * `from` to six days before `to` (the last 7 days); at most MAX_USAGE_RANGE_DAYS days. Parses to
 * a half-open instant range `[from, to)`. `clock` exists for tests; routes use `UsageQuery`.
 */
export function usageQueryAt(clock: () => Date) {
  return z.object({ from: UsageDay.optional(), to: UsageDay.optional() }).transform((query, ctx) => {
    const lastDay = startOfUtcDay(query.to ? new Date(query.to) : clock());
    const firstDay = query.from
      ? startOfUtcDay(new Date(query.from))
      : new Date(lastDay.getTime() - (DEFAULT_USAGE_RANGE_DAYS - 1) * DAY_MS);
    const days = Math.round((lastDay.getTime() - firstDay.getTime()) / DAY_MS) + 1;
    if (days < 1) {
      ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must not be after `to`." });
      return z.NEVER;
    }
    if (days > MAX_USAGE_RANGE_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["from"],
        message: `The range may span at most ${MAX_USAGE_RANGE_DAYS} days.`,
      });
      return z.NEVER;
    }
    return { from: firstDay, to: new Date(lastDay.getTime() + DAY_MS) };
  });
}

export const UsageQuery = usageQueryAt(() => new Date());
export type UsageQuery = z.output<typeof UsageQuery>;

export type OrgUsageRow = {
  client_id: string;
  key_name: string;
  date: string;
  requests: RequestCounts;
  token_issuances: number;
  token_failures: number;
};

type DailyRow = {
  api_key_id: string;
  client_id: string;
  key_name: string;
  day: string;
  is_token: boolean;
  outcome: string;
  n: bigint | number;
};

/**
 * Per key and UTC day with any activity in `[from, to)`: requests by outcome and token issuances.
 * Keys of other environments are left out when `environment` is given (the API passes its own).
 * Days without activity are omitted; rows are ordered by date, then key name and client id.
 */
export async function getOrgUsage(
  orgId: string,
  { from, to, environment }: UsageQuery & { environment?: Environment },
  { db = getDb() }: { db?: Db } = {},
): Promise<{ data: OrgUsageRow[] }> {
  const rows = await db.$queryRaw<DailyRow[]>`
    SELECT u.api_key_id::text AS api_key_id, k.client_id, k.name AS key_name,
           to_char(date_trunc('day', u.bucket_start AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
           u.kind = 'token' AS is_token, u.outcome, SUM(u.count)::bigint AS n
    FROM usage_counters u
    JOIN api_keys k ON k.id = u.api_key_id AND k.org_id = u.org_id
    WHERE u.org_id = ${orgId}::uuid
      AND u.bucket_start >= ${from} AND u.bucket_start < ${to}
      AND (${environment ?? null}::text IS NULL OR k.environment::text = ${environment ?? null}::text)
    GROUP BY 1, 2, 3, 4, 5, 6`;
  const byKeyDay = new Map<string, OrgUsageRow>();
  for (const row of rows) {
    const id = `${row.day}|${row.api_key_id}`;
    let entry = byKeyDay.get(id);
    if (!entry) {
      entry = {
        client_id: row.client_id,
        key_name: row.key_name,
        date: row.day,
        requests: emptyRequests(),
        token_issuances: 0,
        token_failures: 0,
      };
      byKeyDay.set(id, entry);
    }
    const n = Number(row.n);
    if (row.is_token) {
      if (row.outcome === "success") entry.token_issuances += n;
      else entry.token_failures += n;
    } else if (isRequestOutcome(row.outcome)) {
      entry.requests[row.outcome] += n;
    }
  }
  const data = [...byKeyDay.values()].sort(
    (a, b) =>
      a.date.localeCompare(b.date) || a.key_name.localeCompare(b.key_name) || a.client_id.localeCompare(b.client_id),
  );
  return { data };
}

// ---------------------------------------------------------------------------------------------
// One key's usage: the detail page chart
// ---------------------------------------------------------------------------------------------

export const CredentialUsageQuery = z.object({ range: z.enum(USAGE_RANGES).catch("24h").default("24h") });

const RANGE_SPEC: Record<UsageRange, { buckets: number; bucketMs: number; label: string }> = {
  "24h": { buckets: 24, bucketMs: HOUR_MS, label: "the last 24 h" },
  "7d": { buckets: 7, bucketMs: DAY_MS, label: "the last 7 days" },
  "30d": { buckets: 30, bucketMs: DAY_MS, label: "the last 30 days" },
};

export const RECENT_FAILURES_LIMIT = 20;

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
    ok: 0,
    authFailed: 0,
    rateLimited: 0,
    otherErrors: 0,
    tokenIssuances: 0,
    tokenFailures: 0,
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

  const totals: UsageTotals = {
    requests: 0,
    ok: 0,
    authFailed: 0,
    rateLimited: 0,
    otherErrors: 0,
    tokenIssuances: 0,
    tokenFailures: 0,
  };
  for (const point of points) {
    for (const field of ["ok", "authFailed", "rateLimited", "otherErrors", "tokenIssuances", "tokenFailures"] as const)
      totals[field] += point[field];
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
