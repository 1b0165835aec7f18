// Text PostgreSQL cannot store: it refuses NUL (U+0000) in text, jsonb and LIKE patterns with an
// error, which would surface as a 500 for what is the client's mistake. Every free-text input and
// every JSON value taken from a request goes through one of these, so it is a 400/422 instead.
import { z } from "zod";

export const NUL_MESSAGE = "Remove NUL (\\u0000) characters.";

export const hasNul = (value: string): boolean => value.includes("\u0000");

/** True when `value` holds a NUL in any string or object key, at any depth. */
export function containsNul(value: unknown): boolean {
  if (typeof value === "string") return hasNul(value);
  if (Array.isArray(value)) return value.some(containsNul);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, item]) => hasNul(key) || containsNul(item));
  }
  return false;
}

/** `schema` refusing a NUL: `safeText(z.string().trim().max(100))`. */
export function safeText<S extends z.ZodType<string>>(schema: S): S {
  return schema.refine((value) => !hasNul(value), NUL_MESSAGE);
}

/** Any JSON value without a NUL in any string or key, at any depth. */
export const SafeJson = z.json().refine((value) => !containsNul(value), NUL_MESSAGE);

/** A JSON object of at most `maxBytes` of JSON, keys at most 100 characters, no NUL anywhere. */
export function safeJsonObject(maxBytes: number) {
  return z
    .record(safeText(z.string().max(100)), SafeJson)
    .refine((value) => JSON.stringify(value).length <= maxBytes, `config must be at most ${maxBytes} bytes of JSON`);
}
