// Dates for people: the exact local time, and a relative phrase ("3 hours ago"). Rendered in the
// browser's locale and time zone; elements showing them suppress hydration warnings because the
// server renders in its own.
const exact = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "medium" });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

export function formatDateTime(iso: string): string {
  return exact.format(new Date(iso));
}

export function formatDate(iso: string): string {
  return dateOnly.format(new Date(iso));
}

export function formatRelative(iso: string, now: Date = new Date()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.trunc(seconds / size), unit);
  }
  return Math.abs(seconds) < 45
    ? seconds <= 0
      ? "just now"
      : "in a few seconds"
    : relative.format(Math.trunc(seconds / 60), "minute");
}

const timeOnly = new Intl.DateTimeFormat(undefined, { timeStyle: "short" });

/**
 * A span of events: "Mar 4, 2026, 9:55 PM" when it is one minute, "Mar 4, 2026, 9:55 – 9:56 PM"
 * within a day (the locale decides how to share the date), the full range otherwise.
 */
export function formatTimeRange(fromIso: string, toIso: string): string {
  const from = new Date(fromIso);
  const to = new Date(toIso);
  if (timeOnly.format(from) === timeOnly.format(to) && formatDate(fromIso) === formatDate(toIso)) {
    return exact.format(from);
  }
  return exact.formatRange(from, to);
}
