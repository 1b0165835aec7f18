// RFC 7009 revocations by `jti` (never by token string: ECDSA signatures are malleable), kept
// until the token would have expired anyway. Other instances are told through NOTIFY so a
// resource server's in-memory denylist can drop the token at once.
import type { Db } from "../db/client";
import { getRuntime } from "../runtime/current";

export const TOKEN_REVOKED_CHANNEL = "workflux_token_revoked";

export async function revokeTokenByJti(
  db: Db,
  token: { jti: string; orgId: string; apiKeyId: string; expiresAt: Date },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.revokedToken.createMany({ data: [token], skipDuplicates: true });
    await tx.$executeRaw`SELECT pg_notify(${TOKEN_REVOKED_CHANNEL}, ${token.jti})`;
  });
  // Committed: this process's denylist learns it now (other instances through the NOTIFY).
  const runtime = getRuntime();
  runtime.events.emit("tokenRevoked", token.jti, token.expiresAt);
  runtime.metrics.revocations.inc({ kind: "token" });
}

export async function isTokenRevoked(db: Db, jti: string): Promise<boolean> {
  const row = await db.revokedToken.findUnique({ where: { jti }, select: { jti: true } });
  return row !== null;
}

/** Housekeeping: rows for tokens past their expiry protect nothing. */
export async function deleteExpiredRevocations(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.revokedToken.deleteMany({ where: { expiresAt: { lt: now } } });
  return count;
}
