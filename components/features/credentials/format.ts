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

/**
 * The nearest whole unit: a moment 5 days ahead seen a few minutes early is "in 5 days", not
 * "in 4 days" (truncating would drop almost a whole day).
 */
export function formatRelative(iso: string, now: Date = new Date()): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  }
  return Math.abs(seconds) < 45
    ? seconds <= 0
      ? "just now"
      : "in a few seconds"
    : relative.format(Math.sign(seconds), "minute");
}

/** Calendar days from `now`'s local date to `iso`'s, so daylight-saving days count as one. */
export function calendarDaysUntil(iso: string, now: Date = new Date()): number {
  const at = new Date(iso);
  const dayNumber = (date: Date) => Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / 86_400_000;
  return dayNumber(at) - dayNumber(now);
}

/**
 * "Expires today", "Expires tomorrow", "Expires in 5 days": counted in calendar days, because a
 * custom expiry lasts to the end of its chosen day. Counting 24-hour periods and rounding up
 * would call a date five days ahead "in 6 days" whenever the day's remaining hours are added.
 */
export function formatExpiresIn(iso: string, now: Date = new Date()): string {
  const days = calendarDaysUntil(iso, now);
  if (days <= 0) return "Expires today";
  if (days === 1) return "Expires tomorrow";
  return `Expires in ${days} days`;
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
