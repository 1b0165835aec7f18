// The organization slug grammar: what a URL or action may name as `orgSlug`. Anything else names
// no organization and is answered like an unknown one, without asking the database (which would
// refuse a NUL with an error).
export const ORG_SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const isOrgSlug = (value: unknown): value is string => typeof value === "string" && ORG_SLUG_PATTERN.test(value);
