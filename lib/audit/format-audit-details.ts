// An audit event's metadata as "key: value" pairs people can read: words instead of camelCase,
// reason codes in words, from → to for changes, lists joined, whole values (never cut mid-word).
// By design no event carries a secret, digest or token (LG-01, SE-03); as a second line of
// defence any field named like one, and any value shaped like a client secret or a JWT, shows as
// "[redacted]" (SE-03).

export type AuditDetail = { label: string; value: string };

export const REDACTED = "[redacted]";

/** Values longer than this are shortened at a word boundary, with an ellipsis. */
export const MAX_DETAIL_VALUE_LENGTH = 300;
// Audit metadata nests two levels at most (changes → scopes → added); deeper is cut off.
const MAX_DEPTH = 4;

// The last word of a field's name decides: `clientSecret`, `secret_hash`, `accessToken`, `password`.
const SECRET_FIELD = /(?:^|[_\-\s.])(?:secret|hash|digest|token|password|passphrase|authorization|cookie|jwt)$/i;
const CLIENT_SECRET_VALUE = /wfs_[a-z]+_[0-9A-Za-z]{20,}/;
const JWT_VALUE = /eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
// Reason and kind codes (`no_longer_needed`, `malformed_secret`) read as words; client ids do not.
const CODE = /^(?!wfc_)[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;

// `at` repeats the row's own time.
const HIDDEN_FIELDS = new Set(["at"]);
// Containers whose children read better without the container's name ("name: a → b").
const TRANSPARENT_FIELDS = new Set(["changes"]);

/** `previousSecretValidUntil` → "previous secret valid until"; `org_slug` → "org slug". */
export function humanizeField(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
}

const isSecretField = (name: string) => SECRET_FIELD.test(humanizeField(name).replace(/ /g, "_"));
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function shorten(text: string): string {
  if (text.length <= MAX_DETAIL_VALUE_LENGTH) return text;
  const cut = text.slice(0, MAX_DETAIL_VALUE_LENGTH);
  const space = cut.lastIndexOf(" ");
  return `${space > MAX_DETAIL_VALUE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}

function formatScalar(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return shorten(JSON.stringify(value));
  if (CLIENT_SECRET_VALUE.test(value) || JWT_VALUE.test(value)) return REDACTED;
  if (ISO_INSTANT.test(value)) return value.replace("T", " ").replace(/\.\d+Z$/, "Z");
  if (CODE.test(value)) return value.replace(/_/g, " ");
  return shorten(value);
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? "none" : shorten(value.map(formatScalar).join(", "));
  return formatScalar(value);
}

function collect(out: AuditDetail[], label: string, name: string, value: unknown, depth: number): void {
  if (isSecretField(name)) {
    out.push({ label, value: REDACTED });
    return;
  }
  if (!isRecord(value)) {
    out.push({ label, value: formatValue(value) });
    return;
  }
  const keys = Object.keys(value);
  // A change: { from, to } reads as "from → to".
  if (keys.length > 0 && keys.every((key) => key === "from" || key === "to")) {
    out.push({ label, value: `${formatValue(value.from)} → ${formatValue(value.to)}` });
    return;
  }
  if (depth >= MAX_DEPTH) {
    out.push({ label, value: "…" });
    return;
  }
  for (const key of keys) {
    if (value[key] === undefined) continue;
    collect(out, [label, childLabel(key, value[key])].filter(Boolean).join(" "), key, value[key], depth + 1);
  }
}

const childLabel = (key: string, value: unknown) =>
  TRANSPARENT_FIELDS.has(key) && isRecord(value) ? "" : humanizeField(key);

/** The metadata's fields in order, nested ones flattened ("evidence ip: 203.0.113.9"). */
export function formatAuditDetails(metadata: unknown): AuditDetail[] {
  if (!isRecord(metadata)) return [];
  const out: AuditDetail[] = [];
  for (const [key, value] of Object.entries(metadata)) {
    if (HIDDEN_FIELDS.has(key) || value === undefined) continue;
    collect(out, childLabel(key, value), key, value, 1);
  }
  return out;
}
