// One-time link tokens (invitations, password resets, email verification): 256 CSPRNG bits in
// base64url, so the link is the only copy; the database keeps a SHA-256 digest and a lookup is by
// digest, so a stolen table grants nothing and no comparison of secrets happens in application
// code (OT-01).
import { createHash, randomBytes } from "node:crypto";

/** 32 bytes as base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function generateOneTimeToken(): { token: string; digest: string } {
  const token = randomBytes(32).toString("base64url");
  return { token, digest: digestOneTimeToken(token) };
}

export function digestOneTimeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Shape only: anything else is not a token of ours and needs no database lookup. */
export function isOneTimeTokenShape(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}
