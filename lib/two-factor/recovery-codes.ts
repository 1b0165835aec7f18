// Recovery codes (TF-03): ten per user, 16 characters from an alphabet without look-alikes (about
// 79 bits each), shown once in groups of four; only their SHA-256 digest is kept. What a person
// types is compared without case, spaces or hyphens.
import { createHash, randomInt } from "node:crypto";

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 16;

export function generateRecoveryCode(): string {
  let code = "";
  for (let i = 0; i < LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code.match(/.{4}/g)!.join("-");
}

/** The code as stored: lower case, without separators; null for what cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const compact = typed.toLowerCase().replace(/[\s-]/g, "");
  return compact.length === LENGTH && [...compact].every((c) => ALPHABET.includes(c)) ? compact : null;
}

export const digestRecoveryCode = (normalized: string): string =>
  createHash("sha256").update(normalized, "utf8").digest("hex");
