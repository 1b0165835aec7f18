"use client";
// The key detail page's Usage section: range toggle (24 h / 7 d / 30 d), a text summary, the
// stacked chart with a "Show data table" toggle as its accessible equivalent, last use and the
// key's recent failures. Data comes from the session-authenticated usage route via react-query.
import { RotateCw } from "lucide-react";
import { useId, useState } from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import type { CredentialUsage, RecentFailure } from "@/lib/analytics/credential-usage";
import { describeRepeats, failureKind, groupRepeats, type RepeatGroup } from "@/lib/audit/group-repeated-events";
import { USAGE_RANGES, type UsageRange } from "@/lib/analytics/usage-ranges";

import { formatDateTime, formatTimeRange } from "./format";
import { LocalTime } from "./local-time";
import { UsageChart, USAGE_SERIES, TOKEN_SERIES } from "./usage-chart";
import { useCredentialUsage } from "./usage-queries";

const RANGE_LABELS: Record<UsageRange, string> = { "24h": "24 h", "7d": "7 d", "30d": "30 d" };

const hourTick = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
// Daily buckets are UTC days: label them as such so no one reads a shifted day.
const dayTick = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric", timeZone: "UTC" });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });
const count = new Intl.NumberFormat();

const FAILURE_LABELS: Record<string, string> = {
  "oauth.client_auth_failed": "Client authentication failed",
};

export function CredentialUsageSection({ orgSlug, credentialId }: { orgSlug: string; credentialId: string }) {
  const [range, setRange] = useState<UsageRange>("24h");
  const [showTable, setShowTable] = useState(false);
  const usage = useCredentialUsage(orgSlug, credentialId, range);
  const tableId = useId();
  const data = usage.data;

  return (
    <section aria-labelledby="usage-heading" className="grid gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="usage-heading" className="text-base font-semibold">
          Usage
        </h2>
        <div role="group" aria-label="Time range" className="inline-flex rounded-md border border-border bg-muted p-1">
          {USAGE_RANGES.map((value) => (
            <button
              key={value}
              type="button"
              aria-pressed={range === value}
              onClick={() => setRange(value)}
              className={cn(
                "rounded-sm px-3 py-1.5 text-sm font-medium text-muted-foreground hover:text-foreground",
                range === value && "bg-background text-foreground shadow-sm",
              )}
            >
              {RANGE_LABELS[value]}
            </button>
          ))}
        </div>
      </div>

      <div className="grid gap-4 rounded-lg border border-border p-4" aria-busy={usage.isFetching || undefined}>
        {usage.isError && !data ? (
          <div role="alert" className="grid justify-items-start gap-3 text-sm text-danger-foreground">
            <p>{usage.error.message} Check your connection and try again.</p>
            <Button variant="outline" onClick={() => usage.refetch()}>
              <RotateCw aria-hidden="true" />
              Retry
            </Button>
          </div>
        ) : !data ? (
          <div className="grid gap-3">
            <p className="text-sm text-muted-foreground">Loading usage…</p>
            <Skeleton className="h-64 w-full" />
          </div>
        ) : (
          <UsageBody
            data={data}
            showTable={showTable}
            onToggleTable={() => setShowTable((v) => !v)}
            tableId={tableId}
          />
        )}
      </div>

      {data ? <RecentFailures failures={data.recentFailures} /> : null}
    </section>
  );
}

function UsageBody({
  data,
  showTable,
  onToggleTable,
  tableId,
}: {
  data: CredentialUsage;
  showTable: boolean;
  onToggleTable: () => void;
  tableId: string;
}) {
  const isHourly = data.granularity === "hour";
  const formatTick = (iso: string) => (isHourly ? hourTick : dayTick).format(new Date(iso));
  const formatLabel = (iso: string) => (isHourly ? formatDateTime(iso) : `${dayLong.format(new Date(iso))} (UTC)`);
  return (
    <>
      <p id="usage-summary" className="text-sm font-medium" aria-live="polite">
        {data.summary}
      </p>
      <figure aria-labelledby="usage-summary" className="m-0 min-w-0">
        <UsageChart points={data.points} formatTick={formatTick} formatLabel={formatLabel} />
      </figure>
      <div className="flex flex-wrap items-center justify-between gap-3 text-sm">
        <LastUse lastUsed={data.lastUsed} />
        <Button variant="outline" size="sm" aria-expanded={showTable} aria-controls={tableId} onClick={onToggleTable}>
          {showTable ? "Hide data table" : "Show data table"}
        </Button>
      </div>
      <div id={tableId} hidden={!showTable} className="overflow-x-auto">
        {showTable ? <UsageTable data={data} formatLabel={formatLabel} /> : null}
      </div>
    </>
  );
}

function LastUse({ lastUsed }: { lastUsed: CredentialUsage["lastUsed"] }) {
  if (!lastUsed) return <p className="text-muted-foreground">Never used.</p>;
  return (
    <p>
      <span className="text-muted-foreground">Last used </span>
      <LocalTime iso={lastUsed.at} show="relative" />
      {lastUsed.ip ? <span className="text-muted-foreground"> from </span> : null}
      {lastUsed.ip ? <code className="font-mono">{lastUsed.ip}</code> : null}
      {lastUsed.userAgent ? (
        <span className="block text-xs break-all text-muted-foreground">{lastUsed.userAgent}</span>
      ) : null}
    </p>
  );
}

function UsageTable({ data, formatLabel }: { data: CredentialUsage; formatLabel: (iso: string) => string }) {
  const columns = [...USAGE_SERIES, TOKEN_SERIES, { key: "tokenFailures", label: "Token failures" } as const];
  return (
    <table className="w-full min-w-[36rem] text-right text-sm tabular-nums">
      <caption className="pb-2 text-left text-xs text-muted-foreground">
        API requests by outcome and token requests, per {data.granularity === "hour" ? "hour" : "UTC day"}
      </caption>
      <thead className="border-b border-border text-xs text-muted-foreground">
        <tr>
          <th scope="col" className="px-2 py-1.5 text-left font-medium">
            {data.granularity === "hour" ? "Hour starting" : "Day"}
          </th>
          {columns.map((column) => (
            <th key={column.key} scope="col" className="px-2 py-1.5 font-medium">
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-border">
        {data.points.map((point) => (
          <tr key={point.start}>
            <th scope="row" className="px-2 py-1.5 text-left font-normal whitespace-nowrap" suppressHydrationWarning>
              {formatLabel(point.start)}
            </th>
            {columns.map((column) => (
              <td key={column.key} className="px-2 py-1.5">
                {count.format(point[column.key])}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** `failures` is null when the viewer's role may not read the audit log (owners and admins only). */
function RecentFailures({ failures }: { failures: CredentialUsage["recentFailures"] }) {
  return (
    <div className="grid gap-2">
      <h3 className="text-sm font-semibold">Recent failures</h3>
      {/* What the list holds, so it does not seem to contradict the chart's 401/403 bars. */}
      <p className="text-xs text-muted-foreground">
        Failed client authentications at the token endpoint. Refused API requests (401/403, 429) are counted in the
        chart.
      </p>
      {failures === null ? (
        <p className="text-sm text-muted-foreground">Visible to owners and admins.</p>
      ) : failures.length === 0 ? (
        <p className="text-sm text-muted-foreground">No failed client authentications recorded for this key.</p>
      ) : (
        <ol aria-label="Recent failures" className="divide-y divide-border rounded-lg border border-border text-sm">
          {groupRepeats(failures, failureKind).map((group) => (
            <FailureGroup key={group.id} group={group} />
          ))}
        </ol>
      )}
    </div>
  );
}

/** One failure, or a run of the same one: "13 × malformed secret", its time span and where from. */
function FailureGroup({ group }: { group: RepeatGroup<RecentFailure> }) {
  const failure = group.items[0]!;
  const label = FAILURE_LABELS[failure.action] ?? failure.action;
  const from =
    group.ips.length > 1 ? `from ${group.ips.length} addresses` : group.ips[0] ? `from ${group.ips[0]}` : null;
  return (
    <li
      className="grid gap-0.5 p-3 sm:grid-cols-[12rem_minmax(0,1fr)] sm:gap-4"
      data-testid="recent-failure"
      data-count={group.count}
    >
      <time dateTime={group.to} className="text-muted-foreground" suppressHydrationWarning>
        {group.count > 1 ? formatTimeRange(group.from, group.to) : formatDateTime(group.to)}
      </time>
      <div className="min-w-0">
        <p>
          <span className="font-medium">{describeRepeats(group.count, failure.reason, label)}</span>
          {failure.reason ? <span className="text-muted-foreground"> — {label}</span> : null}
        </p>
        <p className="text-xs break-all text-muted-foreground">
          {[failure.endpoint ? `endpoint ${failure.endpoint}` : null, from, failure.userAgent]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </div>
    </li>
  );
}
