// Usage analytics read from usage_counters (hourly buckets per key, kind and outcome, written in
// batches by lib/usage): the organization's per-key, per-UTC-day report behind
// `GET /v1/analytics/usage` (one key's chart is credential-usage.ts). Scoped by orgId in every
// query.
//
// Counter vocabulary: kind "token" counts token issuances with outcome
// "success"/"failure"; any other kind is an API route ("GET /v1/agents") with outcome "2xx",
// "4xx_auth" (401/403), "429", "4xx" or "5xx".
import { z } from "zod";
import type { CredentialActor } from "../authz/actor";
import { assertCan } from "../authz/permissions";
import { getDb, type Db } from "../db/client";
import type { Environment } from "../db/generated/enums";

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

/** GET /v1/analytics/usage: the usage of the caller's organization, in the caller's environment (PA-06). */
export async function getUsageReport(actor: CredentialActor, query: UsageQuery, options: { db?: Db } = {}) {
  assertCan(actor, "analytics:read");
  return getOrgUsage(actor.orgId, { ...query, environment: actor.environment }, options);
}
