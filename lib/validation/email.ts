// Email addresses as people type them, international ones included (IV-02). Matching compares
// `normalizeEmail`: Unicode NFC (so a decomposed "é" equals a composed one) and lower case. NFC,
// not NFKC: compatibility folding would turn a full-width "＠" into "@", and no folding maps a
// Cyrillic "а" to a Latin "a", so a look-alike address stays a different address.
import { z } from "zod";

export const MAX_EMAIL_LENGTH = 320;

export const normalizeEmail = (email: string): string => email.normalize("NFC").toLowerCase();

export const QUOTED_EMAIL_MESSAGE = "Quoted addresses are not supported. Enter the address without quotes.";
export const INVALID_EMAIL_MESSAGE = "Enter an email address.";

/** An address as typed (trimmed): zod's email check with its Unicode pattern, and a dotted domain. */
export const EmailAddress = z
  .string({ error: INVALID_EMAIL_MESSAGE })
  .trim()
  .max(MAX_EMAIL_LENGTH, { error: "An email address has at most 320 characters." })
  .refine((value) => !value.includes('"'), { error: QUOTED_EMAIL_MESSAGE, abort: true })
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), { error: INVALID_EMAIL_MESSAGE, abort: true })
  .pipe(z.email({ pattern: z.regexes.unicodeEmail, error: INVALID_EMAIL_MESSAGE }))
  .refine((value) => /^[^.].*\.[^.]+$/u.test(value.slice(value.lastIndexOf("@") + 1)), {
    error: INVALID_EMAIL_MESSAGE,
  });
