// The detail page's usage ranges: a module without database imports, so client components can use it.
export const USAGE_RANGES = ["24h", "7d", "30d"] as const;
export type UsageRange = (typeof USAGE_RANGES)[number];
