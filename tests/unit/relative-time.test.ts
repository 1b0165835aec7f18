// Relative times on the keys pages, with fixed clocks in local time (the browser's zone decides
// what "tomorrow" is): the nearest whole unit, and expiry counted in calendar days.
import { describe, expect, it } from "vitest";
import { calendarDaysUntil, formatExpiresIn, formatRelative } from "@/components/features/credentials/format";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** 10:00 local time on a day with no daylight-saving change in the five days after it. */
const NOW = new Date(2026, 5, 10, 10, 0, 0);
const iso = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
const phrase = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

describe("formatRelative", () => {
  it("says 5 days for a moment 5 days ahead seen a few minutes early", () => {
    expect(formatRelative(iso(5 * DAY - 3 * MINUTE), NOW)).toBe(phrase.format(5, "day"));
    expect(formatRelative(iso(5 * DAY), NOW)).toBe(phrase.format(5, "day"));
  });

  it("rounds to the nearest unit in the past as in the future", () => {
    expect(formatRelative(iso(-(5 * DAY - 3 * MINUTE)), NOW)).toBe(phrase.format(-5, "day"));
    expect(formatRelative(iso(-(2 * HOUR + 10 * MINUTE)), NOW)).toBe(phrase.format(-2, "hour"));
    expect(formatRelative(iso(-(2 * HOUR + 40 * MINUTE)), NOW)).toBe(phrase.format(-3, "hour"));
    expect(formatRelative(iso(-50_000), NOW)).toBe(phrase.format(-1, "minute"));
    expect(formatRelative(iso(-10_000), NOW)).toBe("just now");
  });
});

describe("formatExpiresIn", () => {
  it("calls a custom date five days ahead (which lasts to the end of that day) in 5 days", () => {
    const endOfDay = new Date(2026, 5, 15, 23, 59, 59).toISOString();
    expect(calendarDaysUntil(endOfDay, NOW)).toBe(5);
    expect(formatExpiresIn(endOfDay, NOW)).toBe("Expires in 5 days");
  });

  it("says 5 days for an instant 5 days ahead, a few minutes early or not", () => {
    expect(formatExpiresIn(iso(5 * DAY - 3 * MINUTE), NOW)).toBe("Expires in 5 days");
    expect(formatExpiresIn(iso(5 * DAY), NOW)).toBe("Expires in 5 days");
    expect(formatExpiresIn(iso(6 * DAY + 13 * HOUR), NOW)).toBe("Expires in 6 days");
  });

  it("says today and tomorrow by the calendar, not by 24-hour periods", () => {
    expect(formatExpiresIn(iso(13 * HOUR), NOW)).toBe("Expires today");
    expect(formatExpiresIn(iso(15 * HOUR), NOW)).toBe("Expires tomorrow");
    expect(formatExpiresIn(iso(37 * HOUR), NOW)).toBe("Expires tomorrow");
    expect(formatExpiresIn(iso(39 * HOUR), NOW)).toBe("Expires in 2 days");
  });
});
