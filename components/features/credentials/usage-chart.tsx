"use client";
// The stacked bar chart of one key's API requests by outcome, with token issuances as a line on
// its own right-hand axis.
// Recharts' keyboard layer (accessibilityLayer, on by default in v3) lets keyboard users step
// through the bars; the text summary and the data table next to it are the text equivalent.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from "recharts";

import type { UsagePoint } from "@/lib/analytics/credential-usage";

/**
 * Series in stacking order; colours pair with the legend's words, never colour alone. They are the
 * chart tokens of the global stylesheet, so the dark theme gets its own lighter shades.
 */
export const USAGE_SERIES = [
  { key: "ok", label: "2xx", color: "var(--color-chart-ok)" },
  { key: "authFailed", label: "401/403", color: "var(--color-chart-auth-failed)" },
  { key: "rateLimited", label: "429", color: "var(--color-chart-rate-limited)" },
  { key: "otherErrors", label: "Other errors", color: "var(--color-chart-other-errors)" },
] as const;
export const TOKEN_SERIES = {
  key: "tokenIssuances",
  label: "Token issuances",
  color: "var(--color-chart-tokens)",
} as const;

export function UsageChart({
  points,
  formatTick,
  formatLabel,
}: {
  points: UsagePoint[];
  formatTick: (iso: string) => string;
  formatLabel: (iso: string) => string;
}) {
  return (
    <ComposedChart
      responsive
      data={points}
      style={{ width: "100%", height: 280 }}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
    >
      <CartesianGrid vertical={false} stroke="var(--color-border)" />
      <XAxis
        dataKey="start"
        tickFormatter={formatTick}
        tick={{ fill: "var(--color-muted-foreground)", fontSize: 12 }}
        minTickGap={16}
      />
      <YAxis
        yAxisId="requests"
        allowDecimals={false}
        tick={{ fill: "var(--color-muted-foreground)", fontSize: 12 }}
        width={48}
      />
      {/* Tokens live for an hour, so they are few next to requests: they get their own scale. */}
      <YAxis
        yAxisId="tokens"
        orientation="right"
        allowDecimals={false}
        tick={{ fill: TOKEN_SERIES.color, fontSize: 12 }}
        width={40}
      />
      <Tooltip
        labelFormatter={(label) => formatLabel(String(label))}
        contentStyle={{
          background: "var(--color-background)",
          borderColor: "var(--color-border)",
          color: "var(--color-foreground)",
        }}
        cursor={{ fill: "var(--color-muted)" }}
      />
      <Legend wrapperStyle={{ fontSize: 12, color: "var(--color-foreground)" }} />
      {USAGE_SERIES.map((series) => (
        <Bar
          key={series.key}
          yAxisId="requests"
          dataKey={series.key}
          name={series.label}
          stackId="requests"
          fill={series.color}
          isAnimationActive={false}
        />
      ))}
      <Line
        yAxisId="tokens"
        dataKey={TOKEN_SERIES.key}
        name={TOKEN_SERIES.label}
        stroke={TOKEN_SERIES.color}
        strokeWidth={2}
        dot={false}
        type="monotone"
        isAnimationActive={false}
      />
    </ComposedChart>
  );
}
